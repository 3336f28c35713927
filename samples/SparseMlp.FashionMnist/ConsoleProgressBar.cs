// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.FashionMnist;

/// <summary>
/// Shows training progress: a redrawn one-line bar on a terminal, one line per epoch and topology round always.
/// Reports arrive on the training thread (a synchronous IProgress, unlike <see cref="Progress{T}"/>).
/// </summary>
internal sealed class ConsoleProgressBar : IProgress<SparseTrainingProgress>
{
    private const int Width = 30;
    private readonly string _label;
    private readonly bool _interactive = !Console.IsOutputRedirected;
    private bool _barShown;

    public ConsoleProgressBar(string label) => _label = label;

    public void Report(SparseTrainingProgress p)
    {
        switch (p.Kind)
        {
            case TrainingProgressKind.Batch:
                if (_interactive)
                {
                    int filled = (int)Math.Round(p.Fraction * Width);
                    var eta = p.Fraction > 0 ? TimeSpan.FromSeconds(p.Elapsed.TotalSeconds * (1 - p.Fraction) / p.Fraction) : TimeSpan.Zero;
                    Console.Write($"\r{_label,-6} [{new string('#', filled)}{new string('.', Width - filled)}] {p.Fraction,4:P0} epoch {p.Epoch}/{p.TotalEpochs} loss {p.TrainingLoss:F4} eta {eta:mm\\:ss}  ");
                    _barShown = true;
                }
                break;
            case TrainingProgressKind.TopologyRound when p.TopologyRound is { } round:
                Line($"{_label,-6} topology round {round.Round}: zeta {round.Zeta:F3}, density {round.OverallDensity:P2}, " +
                     $"active neurons {round.ActiveNeuronFraction:P1}, regrown {round.Layers.Sum(l => l.Regrown)}, {round.RoundTime.TotalMilliseconds:F0} ms");
                break;
            case TrainingProgressKind.Epoch:
                Line($"{_label,-6} epoch {p.Epoch}/{p.TotalEpochs}: loss {p.TrainingLoss:F4}, lr {p.LearningRate:G3}, {p.Elapsed.TotalSeconds:F0} s");
                break;
            case TrainingProgressKind.Completed:
                Line($"{_label,-6} trained in {p.Elapsed.TotalSeconds:F1} s");
                break;
        }
    }

    private void Line(string text)
    {
        if (_barShown)
        {
            Console.Write("\r" + new string(' ', Console.BufferWidth > 1 ? Console.BufferWidth - 1 : 100) + "\r");
            _barShown = false;
        }
        Console.WriteLine(text);
    }
}
