// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>The Markdown report of the text-classification benchmark: the sparse Transformer runs, then the ML.NET reference pipelines.</summary>
internal static class TextClassificationReport
{
    public static string Markdown(Dictionary<string, object?> report, TextClassificationBenchmark.Settings s, IReadOnlyList<TextClassificationBenchmark.RunResult> results,
        IReadOnlyList<TextClassificationReferences.Result> references, double? gap, bool? met, int trainCount, int testCount)
    {
        var machine = (Dictionary<string, object>)report["machine"]!;
        var sb = new StringBuilder();
        sb.AppendLine("# Text classification: sparse Transformer on SpamAssassin").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Date (UTC): {report["date_utc"]}  ");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine["cpu"]}, {machine["logical_cores"]} logical cores, {machine["os"]}, {machine["dotnet"]}, torch threads {machine["torch_threads"]}.  ");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Load average when the report was written: {machine["load_average_at_end"]} (shared machine; times vary with other work).").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Data: SpamAssassin, {trainCount} training / {testCount} held-out e-mails (stratified 80/20 split, seed {s.Seed}); subject + readable body text.  ");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Model: BPE vocabulary of {s.Vocabulary} learnt on the training texts, first {s.MaxTokens} tokens per e-mail, {s.Layers} post-norm encoder layers, d_model {s.ModelDim}, {s.Heads} heads, d_ff {s.FeedForwardDim}, mean pooling, dense classifier. ");
        sb.AppendLine("Sparse: the q, k, v, o and w1, w2 projections of every layer; embeddings, LayerNorms and the classifier are dense.  ");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Same budget for every method: {s.Epochs} epochs, batch {s.BatchSize}, Adam (β₂ 0.998), iterative noam (scale {s.LearningRate.ToString(CultureInfo.InvariantCulture)}, {s.WarmupSteps} warm-up steps, 20-step warm restarts), label smoothing 0.1, dropout 0.1, seed {s.Seed}. ");
        sb.AppendLine(CultureInfo.InvariantCulture, $"CHTs/CHTss: topology rounds every {s.UpdateInterval} steps until 75% of training, final density {s.Density:P0} (CHTss from 50% along the sigmoid schedule), CH2-L3n soft regrowth, BRF initialisation.").AppendLine();
        if (results.Count > 0)
        {
            sb.AppendLine("| method | accuracy | macro accuracy | log-loss | training time | topology time | steps / rounds | density (active / dense links) | active hidden units | zip size |");
            sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var r in results)
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Method} | {r.Accuracy:P2} | {r.MacroAccuracy:P2} | {r.LogLoss:F4} | {r.TrainingSeconds:F0} s | {r.TopologySeconds:F1} s | {r.Steps} / {r.TopologyRounds} | {r.Density:P2} ({r.ActiveLinks:N0} / {r.DenseLinks:N0}) | {r.ActiveHiddenNeurons} / {r.HiddenNeurons} | {r.ZipBytes:N0} B |");
            sb.AppendLine();
        }
        if (references.Count > 0)
        {
            sb.AppendLine("ML.NET's standard text pipelines on the same split, default settings (reference rows; the same candidates as ");
            sb.AppendLine("`TextComparisonCandidates.MlNetPipelines`, plus LightGbm). Fit time covers the whole pipeline (MapValueToKey, FeaturizeText and the trainer); ");
            sb.AppendLine("the sparse rows' training time above covers the Transformer's training loop.").AppendLine();
            sb.AppendLine("| pipeline (ML.NET) | accuracy | macro accuracy | log-loss | fit time | zip size |");
            sb.AppendLine("|---|---|---|---|---|---|");
            foreach (var r in references)
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Pipeline} | {r.Accuracy:P2} | {r.MacroAccuracy:P2} | {r.LogLoss:F4} | {r.FitSeconds:F0} s | {r.ZipBytes:N0} B |");
            sb.AppendLine();
        }
        if (results.Count > 0)
            sb.AppendLine("Training loss per epoch (label-smoothed cross-entropy):").AppendLine();
        foreach (var r in results)
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {r.Method}: {string.Join(" → ", r.EpochLosses.Select(l => l.ToString("F4", CultureInfo.InvariantCulture)))}");
        sb.AppendLine();
        if (gap is { } g)
            sb.AppendLine(CultureInfo.InvariantCulture, $"**Target: CHTss accuracy within 1 point of dense — {(met == true ? "met" : "missed")}** (dense − CHTss = {g:F2} points).");
        else
            sb.AppendLine("Target not evaluated (the run did not include both Dense and CHTss).");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Run: `dotnet run -c Release --project tools/Benchmarks -- text-classification --epochs {s.Epochs} --dim {s.ModelDim} --ff {s.FeedForwardDim} --layers {s.Layers}` (whole run {(double)report["total_seconds"]!:F0} s).");
        return sb.ToString();
    }
}
