// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text.Json;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>One method's result in the translation benchmark, as written to and read back from translation-report.json.</summary>
internal sealed record TranslationRunResult(SparseTrainingMethod Method, double Density, double Bleu, double Bleu2, string BleuDetails, double? BeamBleu, TimeSpan FitTime,
                             TimeSpan TrainingTime, TimeSpan TopologyTime, long Steps, int Rounds, double TrainingLoss, double? ValidationLoss,
                             double? ValidationAccuracy, TimeSpan DecodeTime, TimeSpan? BeamTime, long ZipBytes, string[] Examples, string[] Translations,
                             IReadOnlyList<SparseEpochMetrics>? Epochs = null, int Seed = 1, int KeptEpoch = 0)
{
    /// <summary>The method, with the training seed when it is not the first one.</summary>
    public string Label => Seed == 1 ? Method.ToString() : $"{Method} (seed {Seed})";

    public Dictionary<string, object?> ToJson() => new()
    {
        ["method"] = Method.ToString(),
        ["density"] = Density,
        ["seed"] = Seed,
        ["kept_epoch"] = KeptEpoch,
        ["test_bleu"] = Bleu,
        ["test_bleu2"] = Bleu2,
        ["bleu_details"] = BleuDetails,
        ["beam_bleu"] = BeamBleu,
        ["fit_seconds"] = FitTime.TotalSeconds,
        ["training_seconds"] = TrainingTime.TotalSeconds,
        ["topology_seconds"] = TopologyTime.TotalSeconds,
        ["steps"] = Steps,
        ["topology_rounds"] = Rounds,
        ["final_training_loss"] = TrainingLoss,
        ["validation_loss"] = ValidationLoss,
        ["validation_token_accuracy"] = ValidationAccuracy,
        ["greedy_decode_seconds"] = DecodeTime.TotalSeconds,
        ["beam_decode_seconds"] = BeamTime?.TotalSeconds,
        ["zip_bytes"] = ZipBytes,
        ["epochs"] = Epochs?.Select(e => new Dictionary<string, object?>
        {
            ["epoch"] = e.Epoch, ["training_loss"] = e.TrainingLoss, ["validation_loss"] = e.ValidationLoss,
            ["validation_token_accuracy"] = e.ValidationAccuracy, ["seconds"] = e.Elapsed.TotalSeconds,
        }).ToArray(),
        ["test_translations"] = Translations,
    };

    /// <summary>The results stored in a translation-report.json (runs written with their test translations).</summary>
    public static IEnumerable<TranslationRunResult> FromReport(string json, string[] sources)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var r in document.RootElement.GetProperty("results").EnumerateArray())
        {
            double? Number(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
            var translations = r.TryGetProperty("test_translations", out var t)
                ? t.EnumerateArray().Select(x => x.GetString() ?? "").ToArray()
                : throw new InvalidDataException("The report has no test_translations (written before they were stored); rerun that method.");
            if (translations.Length != sources.Length)
                throw new InvalidDataException($"The report has {translations.Length} test translations, this test set {sources.Length}: the data settings differ.");
            yield return new TranslationRunResult(Enum.Parse<SparseTrainingMethod>(r.GetProperty("method").GetString()!), Number("density")!.Value, Number("test_bleu")!.Value,
                Number("test_bleu2")!.Value, r.GetProperty("bleu_details").GetString()!, Number("beam_bleu"), TimeSpan.FromSeconds(Number("fit_seconds")!.Value),
                TimeSpan.FromSeconds(Number("training_seconds")!.Value), TimeSpan.FromSeconds(Number("topology_seconds")!.Value), (long)Number("steps")!.Value,
                (int)Number("topology_rounds")!.Value, Number("final_training_loss")!.Value, Number("validation_loss"), Number("validation_token_accuracy"),
                TimeSpan.FromSeconds(Number("greedy_decode_seconds")!.Value), Number("beam_decode_seconds") is { } beam ? TimeSpan.FromSeconds(beam) : null,
                (long)Number("zip_bytes")!.Value, sources.Take(3).Zip(translations).Select(x => $"{x.First} → {x.Second}").ToArray(), translations, Curve(r),
                r.TryGetProperty("seed", out var seed) ? seed.GetInt32() : 1, r.TryGetProperty("kept_epoch", out var kept) ? kept.GetInt32() : 0);
        }
    }

    // The per-epoch learning curve; reports written before it was stored have none.
    private static SparseEpochMetrics[]? Curve(JsonElement r)
    {
        if (!r.TryGetProperty("epochs", out var epochs) || epochs.ValueKind != JsonValueKind.Array)
            return null;
        static double? Optional(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        return epochs.EnumerateArray().Select(e => new SparseEpochMetrics(e.GetProperty("epoch").GetInt32(), e.GetProperty("training_loss").GetDouble(),
            Optional(e, "validation_loss"), Optional(e, "validation_token_accuracy"), TimeSpan.FromSeconds(e.GetProperty("seconds").GetDouble()), 0)).ToArray();
    }
}
