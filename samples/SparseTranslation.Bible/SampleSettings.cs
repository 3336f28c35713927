// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;

/// <summary>
/// Command line: <c>--epochs N</c>, <c>--max-words N</c> (longest verse used, per side), <c>--density D</c> (CHTss's final
/// density, at most 1), <c>--test N</c> (test verses scored), <c>--threads N</c> (training threads).
/// </summary>
internal sealed record SampleSettings(int Epochs, int MaxWords, double Density, int TestVerses, int Threads)
{
    public static SampleSettings Parse(string[] args)
    {
        var settings = new SampleSettings(Epochs: 3, MaxWords: 30, Density: 0.3, TestVerses: 300, Threads: 1);
        for (int i = 0; i < args.Length; i += 2)
        {
            string value = i + 1 < args.Length ? args[i + 1] : "";
            settings = args[i] switch
            {
                "--epochs" => settings with { Epochs = Positive(args[i], value) },
                "--max-words" => settings with { MaxWords = Positive(args[i], value) },
                "--test" => settings with { TestVerses = Positive(args[i], value) },
                "--threads" => settings with { Threads = Positive(args[i], value) },
                "--density" => settings with { Density = Fraction(args[i], value) },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'; use --epochs N, --max-words N, --density D, --test N, --threads N."),
            };
        }
        return settings;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, CultureInfo.InvariantCulture, out int n) && n >= 1 ? n : throw new ArgumentException($"{name} needs a positive whole number, e.g. {name} 5");

    private static double Fraction(string name, string value) =>
        double.TryParse(value, CultureInfo.InvariantCulture, out double d) && d > 0 && d <= 1 ? d : throw new ArgumentException($"{name} needs a fraction in (0, 1], e.g. {name} 0.3");
}
