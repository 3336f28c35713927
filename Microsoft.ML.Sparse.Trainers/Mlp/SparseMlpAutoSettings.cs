// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Mlp;

/// <summary>
/// Fills the options a user left unset (null, or <see cref="FeatureStandardization.Auto"/>) from the training data,
/// following <see cref="SparseMlpDefaults"/> (the rules are tabled in docs/mlp-trainer.md). Options set explicitly are
/// never changed. The result is a resolved copy: every value the engines read is concrete.
/// </summary>
internal static class SparseMlpAutoSettings
{
    /// <summary>The resolved copy, its hidden widths, whether the learning rate was automatic, and one line per choice made.</summary>
    internal sealed record Resolved(SparseMlpOptions Options, int[] Hidden, bool AutomaticLearningRate, IReadOnlyList<string> Choices);

    /// <param name="options">The options as set.</param>
    /// <param name="train">The training rows the network sees (encoded when an input encoding applies).</param>
    /// <param name="outputs">Network outputs.</param>
    /// <param name="rawFeatures">
    /// Features of the table before any input encoding: they set the hidden width, so that the encoding (up to 32 inputs
    /// per feature) does not widen the network; measured on thyroid, wine and breast cancer it was as accurate and up to
    /// 100x cheaper for the dense baseline than widths from the encoded inputs.
    /// </param>
    public static Resolved Resolve(SparseMlpOptions options, TrainingData train, int outputs, int rawFeatures)
    {
        var o = options.Copy();
        var choices = new List<string>();
        int features = train.FeatureCount, rows = train.RowCount;

        int[] hidden;
        if (o.HiddenLayerSizes is { } given)
            hidden = given.ToArray();
        else
        {
            hidden = Enumerable.Repeat(HiddenWidth(rawFeatures, rows), SparseMlpDefaults.HiddenLayerCount).ToArray();
            choices.Add($"hidden layers {string.Join("-", hidden)} (from {rawFeatures} features, {rows} rows)");
        }
        o.HiddenLayerSizes = hidden;

        if (o.Topology.Density is null)
        {
            double density = o.Topology.Method == SparseTrainingMethod.Dense ? 1 : Density(SparseFanIns(o, features, hidden));
            o.Topology.Density = density;
            choices.Add(Invariant($"density {density:G4} of every sparse layer (at least {SparseMlpDefaults.MinimumLinksPerNeuron} links per neuron, 1% floor)"));
            if (SparseTopologyOptions.DecaysDensity(o.Topology.Method) && o.Topology.InitialDensity < density)
            {
                o.Topology.InitialDensity = density;
                choices.Add(Invariant($"{Comparison.ComparisonCandidates.MethodName(o.Topology.Method)} start density raised to {density:G4}"));
            }
        }

        long stepsPerEpoch = (rows + (long)o.BatchSize - 1) / o.BatchSize;
        if (o.NumberOfEpochs is null)
        {
            o.NumberOfEpochs = Epochs(stepsPerEpoch);
            choices.Add($"{o.NumberOfEpochs} epochs ({stepsPerEpoch} steps each, at least {SparseMlpDefaults.MinimumSteps} steps)");
        }

        if (o.Topology.UpdateInterval is null)
        {
            long totalSteps = stepsPerEpoch * o.NumberOfEpochs.Value;
            o.Topology.UpdateInterval = UpdateSteps(totalSteps, o.Topology.TopologyEndFraction);
            o.Topology.UpdateIntervalUnit = UpdateIntervalUnit.Steps;
            choices.Add($"a topology round every {o.Topology.UpdateInterval} steps (about {SparseMlpDefaults.TopologyRounds} rounds)");
        }

        if (o.FeatureStandardization == FeatureStandardization.Auto)
        {
            o.FeatureStandardization = LooksHomogeneous(train.Features, rows, features) ? FeatureStandardization.Global : FeatureStandardization.PerFeature;
            choices.Add(o.FeatureStandardization == FeatureStandardization.Global
                ? "global standardisation (the features look like one homogeneous signal, e.g. pixels)"
                : "per-feature standardisation (the columns have different ranges)");
        }

        bool automaticRate = o.LearningRate is null;
        if (automaticRate)
            o.LearningRate = SparseMlpDefaults.LearningRate;
        return new Resolved(o, hidden, automaticRate, choices);
    }

    /// <summary>max(2 · features, 256), or max(2 · features, 128) for fewer than 1000 rows.</summary>
    internal static int HiddenWidth(int features, int rows) =>
        Math.Max(2 * features, rows < SparseMlpDefaults.SmallTableRows ? SparseMlpDefaults.MinimumHiddenWidth / 2 : SparseMlpDefaults.MinimumHiddenWidth);

    /// <summary>max(1%, 8 / smallest fan-in), at most 1.</summary>
    internal static double Density(IEnumerable<int> fanIns)
    {
        int smallest = fanIns.DefaultIfEmpty(1).Min();
        return Math.Min(1.0, Math.Max(SparseMlpDefaults.PaperDensity, (double)SparseMlpDefaults.MinimumLinksPerNeuron / Math.Max(1, smallest)));
    }

    /// <summary>At least 10 epochs and 2000 steps, at most 500 epochs.</summary>
    internal static int Epochs(long stepsPerEpoch)
    {
        long forSteps = (SparseMlpDefaults.MinimumSteps + stepsPerEpoch - 1) / Math.Max(1, stepsPerEpoch);
        return (int)Math.Clamp(forSteps, SparseMlpDefaults.NumberOfEpochs, SparseMlpDefaults.MaximumEpochs);
    }

    /// <summary>Steps between rounds so that about 40 rounds run before the topology freezes (at least 1).</summary>
    internal static int UpdateSteps(long totalSteps, double topologyEndFraction) =>
        (int)Math.Max(1, (long)Math.Floor(topologyEndFraction * totalSteps) / SparseMlpDefaults.TopologyRounds);

    /// <summary>Inputs of each sparse layer (the output layer only when it is sparsified).</summary>
    internal static IEnumerable<int> SparseFanIns(SparseMlpOptions options, int features, int[] hidden)
    {
        var sizes = new[] { features }.Concat(hidden).ToArray();
        return options.SparsifyOutputLayer ? sizes : sizes.Take(sizes.Length - 1);
    }

    /// <summary>
    /// The input encoding: as set, or for <see cref="FeatureEncoding.Auto"/> piecewise-linear for classification on a
    /// table of at most <see cref="SparseMlpDefaults.MaximumEncodedFeatures"/> features and at least
    /// <see cref="SparseMlpDefaults.SmallTableRows"/> rows that does not look like one homogeneous signal, else none. The line for the log when the choice was automatic.
    /// </summary>
    public static (FeatureEncoding Encoding, string? Choice) Encoding(SparseMlpOptions options, TrainingData train)
    {
        if (options.FeatureEncoding != FeatureEncoding.Auto)
            return (options.FeatureEncoding, null);
        bool table = train.FeatureCount <= SparseMlpDefaults.MaximumEncodedFeatures && train.RowCount >= SparseMlpDefaults.SmallTableRows
                     && !LooksHomogeneous(train.Features, train.RowCount, train.FeatureCount);
        return train.Kind != SparsePredictionKind.Regression && table
            ? (FeatureEncoding.PiecewiseLinear, $"piecewise-linear encoding of each of the {train.FeatureCount} features over up to {SparseMlpDefaults.PiecewiseLinearBins} quantile bins (a classification table)")
            : (FeatureEncoding.None, null);
    }

    /// <summary>
    /// True when the features look like one signal in one unit (image pixels): at least 64 columns, every column's
    /// minimum equal to the common minimum, and at least 90% of the varying columns reaching half the common range.
    /// </summary>
    internal static bool LooksHomogeneous(float[] values, int rows, int features)
    {
        if (features < 64 || rows == 0)
            return false;
        var min = new float[features];
        var max = new float[features];
        Array.Fill(min, float.PositiveInfinity);
        Array.Fill(max, float.NegativeInfinity);
        for (int r = 0; r < rows; r++)
            for (int j = 0, o = r * features; j < features; j++)
            {
                float v = values[o + j];
                if (v < min[j]) min[j] = v;
                if (v > max[j]) max[j] = v;
            }
        float low = min.Min(), high = max.Max();
        if (!(high > low) || min.Any(m => m != low))
            return false;
        int varying = 0, wide = 0;
        for (int j = 0; j < features; j++)
        {
            if (max[j] == min[j]) continue;
            varying++;
            if (max[j] - low >= 0.5f * (high - low)) wide++;
        }
        return varying > 0 && wide >= 0.9 * varying;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
