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
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Mlp;

/// <summary>
/// What the three SparseMlp trainers share: read and validate the data, choose the engine, train with
/// <see cref="SparseTrainingLoop"/> on the managed CSR engine or on TorchSharp, and export the managed CSR scorer (dead
/// neurons physically removed).
/// </summary>
internal static class SparseMlpTrainingCore
{
    /// <summary>Result of one Fit.</summary>
    internal sealed record Result(MlpScorer Scorer, TrainingData Data, TrainingHistory History, string Device, SparseTrainingEngine Engine, SparseMlpOptions Resolved,
        int HoldoutRows, IReadOnlyList<string> Choices);

    public static Result Train(IHostEnvironment env, SparseMlpOptions options, IDataView input, SparsePredictionKind kind, string trainerName)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (options.StreamingBlockRows is not null)
            return StreamingMlpTraining.Train(env, options, input, kind, trainerName);
        using var run = TrainingRun.Start(env, options, trainerName);
        var channel = run.Channel;
        var cancellation = run.Cancellation;
        long seed = run.Seed;

        var train = TrainingDataReader.Read(input, options.FeatureColumnName, options.LabelColumnName, kind, cancellation);
        TrainingData? validation = null;
        if (options.ValidationSet is { } validationView)
        {
            validation = TrainingDataReader.Read(validationView, options.FeatureColumnName, options.LabelColumnName, kind, cancellation);
            if (validation.FeatureCount != train.FeatureCount)
                throw new ArgumentException($"The validation set has {validation.FeatureCount} features per row, the training data {train.FeatureCount}.", nameof(options));
            if (validation.ClassCount != train.ClassCount)
                throw new ArgumentException($"The validation label has {validation.ClassCount} classes, the training label {train.ClassCount}; map both with the same MapValueToKey.", nameof(options));
        }

        if (kind == SparsePredictionKind.BinaryClassification && train.Targets!.Distinct().Count() < 2)
            throw new InvalidOperationException(
                $"The label column '{options.LabelColumnName}' is {(train.Targets![0] > 0.5f ? "true" : "false")} in all {train.RowCount} training rows; a binary " +
                "classifier needs rows of both classes. Check the label conversion or the filter that produced the training data.");
        int outputs = kind == SparsePredictionKind.MulticlassClassification ? train.ClassCount : 1;
        var allRows = train;
        var choices = new List<string>();
        bool holdout = validation is null && AutomaticHoldout.Applies(options, train.RowCount);
        if (holdout)
        {
            (train, validation, string choice) = AutomaticHoldout.Split(allRows, seed);
            choices.Add(choice);
        }
        int rawFeatures = train.FeatureCount;
        bool pixelLike = SparseMlpAutoSettings.LooksHomogeneous(train.Features, train.RowCount, train.FeatureCount);
        var (encodingKind, encodingChoice) = SparseMlpAutoSettings.Encoding(options, train, pixelLike);
        var encoding = encodingKind == FeatureEncoding.PiecewiseLinear ? PiecewiseLinearEncoding.Fit(train, SparseMlpDefaults.PiecewiseLinearBins) : null;
        if (encoding is not null)
        {
            train = encoding.Encode(train);
            validation = validation is null ? null : encoding.Encode(validation);
            if (encodingChoice is not null)
                choices.Add($"{encodingChoice}: {train.FeatureCount} inputs");
        }
        if (validation is null && options.LearningRateSchedule == LearningRateSchedule.ReduceOnPlateau)
            throw new ArgumentException("LearningRateSchedule = ReduceOnPlateau needs validation rows: set ValidationSet, or leave NumberOfEpochs unset so that " +
                "the trainer holds out rows itself, or choose another schedule.", nameof(options));
        var resolved = SparseMlpAutoSettings.Resolve(options, train, outputs, rawFeatures, pixelLike, validates: validation is not null);
        options = resolved.Options;
        options.FeatureEncoding = encoding is null ? FeatureEncoding.None : FeatureEncoding.PiecewiseLinear;
        choices.AddRange(resolved.Choices);
        int[] hidden = resolved.Hidden;
        var engine = ResolveEngine(options);
        NativeBackendFallback.WarnIfFellBack(env, channel, trainerName, options, engine);
        var loss = kind switch
        {
            SparsePredictionKind.MulticlassClassification => MlpLoss.CrossEntropy,
            SparsePredictionKind.BinaryClassification => MlpLoss.BinaryLogistic,
            _ => MlpLoss.SquaredError,
        };
        if (choices.Count > 0)
            channel.Info(MessageSensitivity.Unknown, $"{trainerName}: chosen from the data (options left unset): {string.Join("; ", choices)}");
        channel.Info(MessageSensitivity.Unknown, string.Format(CultureInfo.InvariantCulture, "{0}: {1} rows, MLP {2}-{3}-{4}, {5} at density {6:G4}, {7} epochs, batch {8}, engine {9}, seed {10}",
            trainerName, train.RowCount, train.FeatureCount, string.Join("-", hidden), outputs, options.Topology.Method, options.Topology.Density,
            options.NumberOfEpochs, options.BatchSize, engine, seed));

        SparseLayerLinkCheck.ThrowIfALayerHasNoLinks(options.Topology,
            SparseLayerLinkCheck.MlpLayers(train.FeatureCount, hidden, outputs, options.SparsifyOutputLayer, resolved.SparseInputLayer));
        SparseLayerWarnings.Warn(channel, options, train.FeatureCount, hidden, outputs, resolved.SparseInputLayer);

        // Regression learns standardised targets; the affine map back is folded into the output layer afterwards.
        float shift = 0, scale = 1;
        float[]? trainTargets = train.Targets, validationTargets = validation?.Targets;
        if (kind == SparsePredictionKind.Regression)
        {
            (shift, scale) = MeanAndStd(train.Targets!);
            trainTargets = Standardise(train.Targets!, shift, scale);
            validationTargets = validation is null ? null : Standardise(validation.Targets!, shift, scale);
        }
        var standardization = InputStandardization.Fit(options.FeatureStandardization, train.Features, train.RowCount, train.FeatureCount);
        if (standardization is not null && standardization.Mean.Length == 1)
            channel.Info(MessageSensitivity.Unknown, string.Format(CultureInfo.InvariantCulture, "{0}: features standardised with mean {1:G4} and std {2:G4} (folded into the first layer afterwards)",
                trainerName, standardization.Mean[0], standardization.Std[0]));

        SparseMlpInferenceModel model;
        TrainingHistory history;
        TrainingSettings settings;
        string device = "CPU";
        for (int attempt = 0; ; attempt++)
        {
            settings = options.ToEngine(seed, hidden[0], message => channel.Info(MessageSensitivity.Unknown, message))
                with { TopologySteps = resolved.TopologySteps, PlateauPatience = resolved.PlateauPatience };
            var job = new MlpTrainingJob(train, validation, trainTargets, validationTargets, standardization, hidden, outputs, loss, (scale, shift),
                options, settings, resolved.SparseInputLayer);
            try
            {
                (model, history, device) = Run(job, engine);
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
        if (HoldoutRetraining.Applies(holdout, allRows.RowCount))
        {
            var everything = encoding?.Encode(allRows) ?? allRows;
            var targets = kind == SparsePredictionKind.Regression ? Standardise(everything.Targets!, shift, scale) : everything.Targets;
            var retrain = HoldoutRetraining.Settings(settings, history);
            string line = $"retrained on all {allRows.RowCount} rows for the {retrain.Epochs} epochs the holdout chose (fewer than {SparseMlpDefaults.RetrainRows} rows)";
            choices.Add(line);
            channel.Info(MessageSensitivity.Unknown, $"{trainerName}: {line}");
            var job = new MlpTrainingJob(everything, null, targets, null, standardization, hidden, outputs, loss, (scale, shift), options, retrain, resolved.SparseInputLayer);
            (model, var second, device) = Run(job, engine);
            history = HoldoutRetraining.Merge(history, second);
        }
        if (encoding is not null)
            model = encoding.Prepend(model);
        var scorer = new MlpScorer(model);
        channel.Info(MessageSensitivity.Unknown, $"{trainerName}: trained in {history.Elapsed.TotalSeconds:F1} s ({history.Rounds.Count} topology rounds, {history.TopologyTime.TotalSeconds:F1} s); {scorer.Info}");
        return new Result(scorer, allRows, history, device, engine, options, holdout ? validation!.RowCount : 0, choices);
    }

    private static (SparseMlpInferenceModel Model, TrainingHistory History, string Device) Run(MlpTrainingJob job, SparseTrainingEngine engine)
    {
        var result = MlpTraining.Train(job.ToRequest(), engine);
        return (result.Model, result.History, result.Device);
    }

    /// <summary>
    /// The engine that trains: as asked, or for <see cref="SparseTrainingEngine.Auto"/> the managed engine for sparse
    /// methods on the CPU and TorchSharp for CUDA and for the dense baseline (managed when libtorch does not load).
    /// libtorch is only loaded to look for CUDA when an NVIDIA driver is visible.
    /// </summary>
    internal static SparseTrainingEngine ResolveEngine(SparseMlpOptions options)
    {
        if (options.Engine != SparseTrainingEngine.Auto)
            return options.Engine;
        if (options.Topology.Method == SparseTrainingMethod.Dense)
            return TorchRuntime.TryLoad() ? SparseTrainingEngine.TorchSharp : SparseTrainingEngine.Managed;
        return options.Device switch
        {
            SparseDevice.Cpu => SparseTrainingEngine.Managed,
            SparseDevice.Cuda => SparseTrainingEngine.TorchSharp,
            _ => GpuProbe.NvidiaDriverPresent() && TorchRuntime.TryLoad() && TorchRuntime.IsCudaAvailable()
                ? SparseTrainingEngine.TorchSharp
                : SparseTrainingEngine.Managed,
        };
    }

    private static (float Mean, float Std) MeanAndStd(float[] values)
    {
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / values.Length;
        double std = Math.Sqrt(variance);
        return ((float)mean, std > 1e-12 && double.IsFinite(std) ? (float)std : 1f);
    }

    private static float[] Standardise(float[] values, float mean, float std) => values.Select(v => (v - mean) / std).ToArray();
}
