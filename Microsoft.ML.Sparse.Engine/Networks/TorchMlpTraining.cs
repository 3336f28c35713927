// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Inference;
using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;
using Microsoft.ML.Sparse.Engine.Torch.Topology;
using Microsoft.ML.Sparse.Engine.Torch.Training;

namespace Microsoft.ML.Sparse.Engine.Networks;

/// <summary><see cref="MlpTraining"/> on the TorchSharp back-end: masked dense layers on CPU or CUDA (<see cref="SparseTrainingEngine.TorchSharp"/>).</summary>
internal static class TorchMlpTraining
{
    /// <summary>Trains and exports the model; returns it with the history and the device type.</summary>
    public static MlpTrainingResult Train(MlpTrainingRequest job)
    {
        TorchRuntime.EnsureLoaded();
        var device = TorchRuntime.ResolveDevice(job.Device, job.AllowCpuFallback);
        var train = job.Train;
        var validation = job.Validation;
        using var gate = TorchTrainingGate.Enter("SparseMlp", job.Settings.Log, job.Settings.Cancellation);
        using var scope = NewDisposeScope();
        torch.random.manual_seed(job.Settings.Seed);
        using var network = new SparseMlpNetwork(train.FeatureCount, job.Hidden, job.Outputs, job.SparseOutputLayer, job.Dropout, device, job.SparseInputLayer);
        using var trainRows = new MlpRows(train.Features, train.RowCount, train.FeatureCount, train.ClassIndices, train.Targets, device);
        using var validationRows = validation is null ? null
            : new MlpRows(validation.Features, validation.RowCount, validation.FeatureCount, validation.ClassIndices, validation.Targets, device);
        if (job.Standardization is { } standardization)
        {
            standardization.ApplyInPlace(trainRows.Features);
            if (validationRows is not null)
                standardization.ApplyInPlace(validationRows.Features);
        }
        Tensor? correlation = job.NeedsCorrelation ? CorrelatedTopology.PearsonCorrelation(trainRows.Features) : null;
        var objective = new MlpObjective(network, trainRows, validationRows, job.Loss);
        var history = TorchTrainingStepper.NewLoop(network, network.CreateTopology(), objective, job.Settings, correlation).Run();
        history.HiddenNeurons = HiddenNeuronActivity.Count(network.Layers);
        if (job.Standardization is not null)
            network.FoldInputStandardization(job.Standardization);
        if (job.Loss == MlpLoss.SquaredError)
            network.FoldOutputAffine(job.OutputAffine.Scale, job.OutputAffine.Shift);
        return new MlpTrainingResult(MlpExporter.Export(network.Layers, MlpActivation.Relu), history, device.type.ToString());
    }
}
