// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Networks;
using Microsoft.ML.Sparse.Engine.Runtime;
using Microsoft.ML.Sparse.Engine.Topology;
using Microsoft.ML.Sparse.Engine.Training;
using Microsoft.ML.Sparse.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Mlp;

/// <summary>The TorchSharp engine of the MLP trainers: masked dense layers on CPU or CUDA (<see cref="SparseTrainingEngine.TorchSharp"/>).</summary>
internal static class TorchMlpTraining
{
    /// <summary>Trains and exports the model; returns it with the history and the device type.</summary>
    public static (SparseMlpInferenceModel Model, TrainingHistory History, string Device) Train(MlpTrainingJob job)
    {
        var options = job.Options;
        TorchRuntime.EnsureLoaded();
        var device = TorchRuntime.ResolveDevice(options.Device, options.AllowCpuFallback);
        var train = job.Train;
        var validation = job.Validation;
        using var gate = TorchTrainingGate.Enter("SparseMlp", job.Settings.Log, job.Settings.Cancellation);
        using var scope = NewDisposeScope();
        torch.random.manual_seed(job.Settings.Seed);
        using var network = new SparseMlpNetwork(train.FeatureCount, job.Hidden, job.Outputs, options.SparsifyOutputLayer, options.Dropout, device, job.SparseInputLayer);
        using var trainRows = new MlpRows(train.Features, train.RowCount, train.FeatureCount, train.ClassIndices, job.TrainTargets, device);
        using var validationRows = validation is null ? null
            : new MlpRows(validation.Features, validation.RowCount, validation.FeatureCount, validation.ClassIndices, job.ValidationTargets, device);
        if (job.Standardization is { } standardization)
        {
            standardization.ApplyInPlace(trainRows.Features);
            if (validationRows is not null)
                standardization.ApplyInPlace(validationRows.Features);
        }
        Tensor? correlation = job.NeedsCorrelation ? CorrelatedTopology.PearsonCorrelation(trainRows.Features) : null;
        var objective = new MlpObjective(network, trainRows, validationRows, job.Loss);
        var history = new SparseTrainingLoop(network, network.CreateTopology(), objective, job.Settings, correlation).Run();
        history.HiddenNeurons = HiddenNeuronActivity.Count(network.Layers);
        if (job.Standardization is not null)
            network.FoldInputStandardization(job.Standardization);
        if (job.Loss == MlpLoss.SquaredError)
            network.FoldOutputAffine(job.OutputAffine.Scale, job.OutputAffine.Shift);
        return (MlpExporter.Export(network.Layers, MlpActivation.Relu), history, device.type.ToString());
    }
}
