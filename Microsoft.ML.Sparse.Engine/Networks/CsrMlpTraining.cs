// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Inference;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Engine.Csr;
using Microsoft.ML.Sparse.Engine.Csr.Initialization;

namespace Microsoft.ML.Sparse.Engine.Networks;

/// <summary>
/// <see cref="MlpTraining"/> on the CSR back-end (<see cref="SparseTrainingEngine.Managed"/>): CSR layers trained with
/// feature-major SIMD kernels, topology rounds on the sparse structure, export straight from CSR. Never loads libtorch.
/// </summary>
internal static class CsrMlpTraining
{
    /// <summary>
    /// Trains and exports the model; returns it with the history. With <paramref name="streamed"/> the training rows come
    /// from it one block at a time (the request's training rows then only give the shape) and no input correlation is formed.
    /// </summary>
    public static MlpTrainingResult Train(MlpTrainingRequest job, ICsrRowBlocks? streamed = null)
    {
        var train = job.Train;
        CsrRows? validationRows = null;
        if (job.Validation is { } validation)
        {
            var features = (float[])validation.Features.Clone();
            job.Standardization?.ApplyInPlace(features, validation.FeatureCount);
            validationRows = new CsrRows(features, validation.RowCount, validation.FeatureCount, validation.ClassIndices, validation.Targets);
        }
        CsrRows? trainRows = null;
        float[]? correlation = null;
        if (streamed is null)
        {
            var trainFeatures = (float[])train.Features.Clone();
            job.Standardization?.ApplyInPlace(trainFeatures, train.FeatureCount);
            trainRows = new CsrRows(trainFeatures, train.RowCount, train.FeatureCount, train.ClassIndices, train.Targets);
            correlation = job.NeedsCorrelation ? CsrCorrelatedTopology.PearsonCorrelation(trainFeatures, train.RowCount, train.FeatureCount) : null;
        }

        var layers = CreateLayers(train.FeatureCount, job.Hidden, job.Outputs, job.SparseInputLayer, job.SparseOutputLayer);
        var network = new CsrMlp(layers, job.Loss, job.Dropout, job.Settings.BatchSize, job.Settings.Seed, job.Settings.Threads ?? Environment.ProcessorCount);
        var stepper = streamed is null
            ? new CsrMlpStepper(network, trainRows!, validationRows, job.Settings, correlation)
            : new CsrMlpStepper(network, streamed, validationRows, job.Settings);
        var history = new SparseTrainingLoop(stepper, job.Settings).Run();
        history.HiddenNeurons = HiddenNeuronActivity.Count(layers.Select(l => l.Pattern).ToList());

        if (job.Standardization is not null)
            CsrLayerFolding.FoldInputStandardization(layers[0], job.Standardization);
        if (job.Loss == MlpLoss.SquaredError)
            CsrLayerFolding.FoldOutputAffine(layers[^1], job.OutputAffine.Scale, job.OutputAffine.Shift);
        var weights = layers.Select(l => new MlpLayerWeights(l.Name, l.Pattern, l.Values, l.Bias)).ToList();
        return new MlpTrainingResult(MlpExporter.Export(weights, MlpActivation.Relu), history, "CPU");
    }

    /// <summary>
    /// The CSR layers (empty patterns until the scheduler initialises them), named like the TorchSharp network's; the
    /// first layer evolves when <paramref name="sparseInputLayer"/>, the output layer when <paramref name="sparseOutputLayer"/>.
    /// </summary>
    internal static CsrTrainingLayer[] CreateLayers(int inputs, int[] hidden, int outputs, bool sparseInputLayer, bool sparseOutputLayer)
    {
        var layers = new CsrTrainingLayer[hidden.Length + 1];
        int width = inputs;
        for (int i = 0; i <= hidden.Length; i++)
        {
            bool last = i == hidden.Length;
            int rows = last ? outputs : hidden[i];
            var empty = new LinkPattern(rows, width, new int[rows + 1], Array.Empty<int>());
            layers[i] = new CsrTrainingLayer(last ? "output" : $"hidden{i + 1}", empty, Array.Empty<float>(), new float[rows], evolves: last ? sparseOutputLayer : i > 0 || sparseInputLayer);
            width = rows;
        }
        return layers;
    }
}
