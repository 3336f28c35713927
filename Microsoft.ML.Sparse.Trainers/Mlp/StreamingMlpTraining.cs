// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Inference;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Trainers;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Engine.Networks;

namespace Microsoft.ML.Sparse.Mlp;

/// <summary>
/// The bounded-memory path of the MLP trainers (<see cref="SparseMlpOptions.StreamingBlockRows"/>): one streaming pass
/// for the statistics the defaults need (<see cref="StreamingStatistics"/>), then the managed engine trains on
/// <see cref="StreamedRowBlocks"/>, which hold at most one block of rows.
/// </summary>
internal static class StreamingMlpTraining
{
    private const string ValidationFix = "Streaming training holds the validation rows in memory: pass at most StreamingBlockRows rows as ValidationSet " +
                                         "(e.g. mlContext.Data.TakeRows), raise StreamingBlockRows, or unset it to train in memory.";

    public static SparseMlpTrainingCore.Result Train(IHostEnvironment env, SparseMlpOptions options, IDataView input, SparsePredictionKind kind, string trainerName)
    {
        ArgumentNullException.ThrowIfNull(input);
        int cap = options.StreamingBlockRows ?? throw new ArgumentException("StreamingBlockRows is not set.", nameof(options));
        ThrowIfUnsupported(options);
        using var run = TrainingRun.Start(env, options, trainerName);
        var channel = run.Channel;
        long seed = run.Seed;

        var stats = StreamingStatistics.Collect(input, options.FeatureColumnName, options.LabelColumnName, kind, run.Cancellation);
        if (kind == SparsePredictionKind.BinaryClassification && (stats.PositiveRows == 0 || stats.PositiveRows == stats.Rows))
            throw new InvalidOperationException(
                $"The label column '{options.LabelColumnName}' is {(stats.PositiveRows > 0 ? "true" : "false")} in all {stats.Rows} training rows; a binary " +
                "classifier needs rows of both classes. Check the label conversion or the filter that produced the training data.");
        TrainingData? validation = null;
        if (options.ValidationSet is { } validationView)
        {
            validation = TrainingDataReader.Read(validationView, options.FeatureColumnName, options.LabelColumnName, kind, run.Cancellation, cap, ValidationFix);
            if (validation.FeatureCount != stats.FeatureCount)
                throw new ArgumentException($"The validation set has {validation.FeatureCount} features per row, the training data {stats.FeatureCount}.", nameof(options));
            if (validation.ClassCount != stats.ClassCount)
                throw new ArgumentException($"The validation label has {validation.ClassCount} classes, the training label {stats.ClassCount}; map both with the same MapValueToKey.", nameof(options));
        }
        if (validation is null && options.LearningRateSchedule == LearningRateSchedule.ReduceOnPlateau)
            throw new ArgumentException("LearningRateSchedule = ReduceOnPlateau needs validation rows: set ValidationSet, or choose another schedule.", nameof(options));

        int outputs = kind == SparsePredictionKind.MulticlassClassification ? stats.ClassCount : 1;
        int blockRows = Math.Min(stats.Rows, cap / options.BatchSize * options.BatchSize);
        var choices = new List<string>
        {
            string.Format(CultureInfo.InvariantCulture, "streamed in {0} blocks of up to {1} rows (StreamingBlockRows {2}, whole batches of {3}); no input encoding, no automatic holdout",
                (stats.Rows + blockRows - 1) / blockRows, blockRows, cap, options.BatchSize),
        };
        bool pixelLike = SparseMlpAutoSettings.LooksHomogeneous(stats.Minimum, stats.Maximum);
        var resolved = SparseMlpAutoSettings.Resolve(options, stats.FeatureCount, stats.Rows, outputs, stats.FeatureCount, pixelLike, validates: validation is not null);
        options = resolved.Options;
        options.FeatureEncoding = FeatureEncoding.None;
        options.Engine = SparseTrainingEngine.Managed;
        choices.AddRange(resolved.Choices);
        int[] hidden = resolved.Hidden;
        var loss = kind switch
        {
            SparsePredictionKind.MulticlassClassification => MlpLoss.CrossEntropy,
            SparsePredictionKind.BinaryClassification => MlpLoss.BinaryLogistic,
            _ => MlpLoss.SquaredError,
        };
        channel.Info(MessageSensitivity.Unknown, $"{trainerName}: chosen from the data (options left unset): {string.Join("; ", choices)}");
        channel.Info(MessageSensitivity.Unknown, string.Format(CultureInfo.InvariantCulture, "{0}: {1} rows streamed, MLP {2}-{3}-{4}, {5} at density {6:G4}, {7} epochs, batch {8}, engine Managed, seed {9}",
            trainerName, stats.Rows, stats.FeatureCount, string.Join("-", hidden), outputs, options.Topology.Method, options.Topology.Density, options.NumberOfEpochs, options.BatchSize, seed));
        SparseLayerLinkCheck.ThrowIfALayerHasNoLinks(options.Topology,
            SparseLayerLinkCheck.MlpLayers(stats.FeatureCount, hidden, outputs, options.SparsifyOutputLayer, resolved.SparseInputLayer));
        SparseLayerWarnings.Warn(channel, options, stats.FeatureCount, hidden, outputs, resolved.SparseInputLayer);

        float shift = 0, scale = 1;
        float[]? validationTargets = validation?.Targets;
        if (kind == SparsePredictionKind.Regression)
        {
            (shift, scale) = stats.TargetMoments();
            validationTargets = validation?.Targets!.Select(v => (v - shift) / scale).ToArray();
        }
        var standardization = InputStandardization.FromSums(options.FeatureStandardization, stats.Sum, stats.SumSquares, stats.Rows);
        var shape = new TrainingData(stats.FeatureColumn, stats.LabelColumn, kind, stats.Rows, stats.FeatureCount, Array.Empty<float>(), null, null, null, stats.ClassCount);

        SparseMlpInferenceModel model;
        TrainingHistory history;
        for (int attempt = 0; ; attempt++)
        {
            var settings = options.ToEngine(seed, hidden[0], message => channel.Info(MessageSensitivity.Unknown, message))
                with { TopologySteps = resolved.TopologySteps, PlateauPatience = resolved.PlateauPatience };
            var blocks = new StreamedRowBlocks(input, stats, kind, blockRows, seed, standardization, (shift, scale), run.Cancellation);
            var job = new MlpTrainingJob(shape, validation, null, validationTargets, standardization, hidden, outputs, loss, (scale, shift),
                options, settings, resolved.SparseInputLayer);
            try
            {
                var result = MlpTraining.Train(job.ToRequest(), SparseTrainingEngine.Managed, blocks);
                (model, history) = (result.Model, result.History);
                break;
            }
            catch (InvalidOperationException e) when (e.Data.Contains(SparseTrainingLoop.DivergedKey) && resolved.AutomaticLearningRate
                                                      && attempt < SparseMlpDefaults.DivergenceRestarts)
            {
                double lower = options.LearningRate!.Value * SparseMlpDefaults.RestartLearningRateFactor;
                channel.Warning(MessageSensitivity.Unknown, string.Format(CultureInfo.InvariantCulture,
                    "{0}: {1} Restarting from scratch at learning rate {2:G3} (restart {3} of {4}; set LearningRate to choose it yourself).",
                    trainerName, e.Message, lower, attempt + 1, SparseMlpDefaults.DivergenceRestarts));
                options.LearningRate = lower;
            }
        }
        var scorer = new MlpScorer(model);
        channel.Info(MessageSensitivity.Unknown, $"{trainerName}: trained in {history.Elapsed.TotalSeconds:F1} s ({history.Rounds.Count} topology rounds); {scorer.Info}");
        return new SparseMlpTrainingCore.Result(scorer, shape, history, "CPU", SparseTrainingEngine.Managed, options, 0, choices);
    }

    /// <summary>Rejects the options the streaming path cannot honour yet, naming the option and the fix.</summary>
    internal static void ThrowIfUnsupported(SparseMlpOptions options)
    {
        const string Fix = "or unset StreamingBlockRows to train in memory.";
        if (options.Engine == SparseTrainingEngine.TorchSharp || options.Device == SparseDevice.Cuda)
            throw new ArgumentException($"StreamingBlockRows trains on the managed CPU engine: set Engine = Managed or Auto and Device = Cpu or Auto, {Fix}", nameof(options));
        if (options.FeatureEncoding == FeatureEncoding.PiecewiseLinear)
            throw new ArgumentException($"StreamingBlockRows does not support FeatureEncoding = PiecewiseLinear (its quantile bins need every row): set FeatureEncoding = None or Auto, {Fix}", nameof(options));
        if (options.Topology.Initialization == TopologyInitialization.Correlated && options.Topology.Method != SparseTrainingMethod.Dense)
            throw new ArgumentException($"StreamingBlockRows does not support Topology.Initialization = Correlated (CSTI needs the input correlation of every row): choose another initialisation, {Fix}", nameof(options));
    }
}
