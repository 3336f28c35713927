// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Inference;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Engine.Networks;

/// <summary>
/// Turns a trained chain of layers (hidden activation between layers, none after the last) into a managed
/// <see cref="SparseMlpInferenceModel"/>. The core works on CSR layers (<see cref="MlpLayerWeights"/>, as the managed
/// engine trains them); TorchSharp <see cref="MaskedLinear"/> layers are first converted to that form (their mask-true
/// entries, row by row). Only links are stored, and hidden neurons that cannot influence the output are dropped exactly
/// (<see cref="CsrNeuronPruning"/>):
/// <list type="bullet">
/// <item>a hidden neuron without out-links is removed (its row, its bias and its column in the next layer);</item>
/// <item>a hidden neuron without in-links always outputs act(b_j): W_next[:, j]·act(b_j) is added to the next layer's
/// bias and the neuron is removed;</item>
/// </list>
/// repeated until nothing changes (a removal can leave neighbours without links). Input features and outputs are
/// never removed. The scores of the result equal the trained forward pass up to float rounding; within a row the
/// products are summed with the columns increasing.
/// </summary>
internal static class MlpExporter
{
    /// <summary>Exports with automatic CSR/dense storage and dead-neuron removal.</summary>
    public static SparseMlpInferenceModel Export(IReadOnlyList<MaskedLinear> layers, MlpActivation hiddenActivation)
        => Export(layers, hiddenActivation, MlpExportStorage.Auto, removeDeadNeurons: true);

    /// <summary>Exports with explicit storage and optional dead-neuron removal.</summary>
    public static SparseMlpInferenceModel Export(IReadOnlyList<MaskedLinear> layers, MlpActivation hiddenActivation, MlpExportStorage storage, bool removeDeadNeurons)
        => Export(ToWeights(layers), hiddenActivation, storage, removeDeadNeurons);

    /// <summary>
    /// Exports CSR layers (layer l + 1 has as many inputs as layer l has outputs) with the given storage, removing dead
    /// hidden neurons unless told not to. The layers are not modified.
    /// </summary>
    public static SparseMlpInferenceModel Export(IReadOnlyList<MlpLayerWeights> layers, MlpActivation hiddenActivation,
        MlpExportStorage storage = MlpExportStorage.Auto, bool removeDeadNeurons = true)
    {
        CheckChain(layers);
        var plan = new CsrNeuronPruning(layers, hiddenActivation);
        if (removeDeadNeurons)
            plan.Run();
        var result = new InferenceLayer[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            var activation = l == layers.Count - 1 ? MlpActivation.Identity : hiddenActivation;
            result[l] = BuildLayer(layers[l], plan.Bias(l), plan.KeptInputs(l), plan.KeptOutputs(l), activation, storage);
        }
        return new SparseMlpInferenceModel(result);
    }

    /// <summary>
    /// The TorchSharp forward pass (the reference the managed scores are compared with): h = act(layer(h)) for every
    /// layer but the last, whose output is returned as-is. <paramref name="inputs"/> is row-major [rows, in].
    /// </summary>
    public static float[] ReferenceForward(IReadOnlyList<MaskedLinear> layers, MlpActivation hiddenActivation, float[] inputs, int rows)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(inputs);
        if (layers.Count == 0)
            throw new ArgumentException("At least one layer is needed.", nameof(layers));
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var device = layers[0].Weight.device;
        var h = tensor(inputs, new long[] { rows, layers[0].InFeatures }).to(device);
        for (int i = 0; i < layers.Count; i++)
        {
            h = layers[i].forward(h);
            if (i + 1 < layers.Count && hiddenActivation == MlpActivation.Relu)
                h = nn.functional.relu(h);
        }
        return h.cpu().data<float>().ToArray();
    }

    private static void CheckChain(IReadOnlyList<MlpLayerWeights> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
            throw new ArgumentException("At least one layer is needed.", nameof(layers));
        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l] ?? throw new ArgumentNullException($"{nameof(layers)}[{l}]");
            if (l > 0 && layer.Inputs != layers[l - 1].Outputs)
                throw new ArgumentException($"Layer '{layer.Name}' has {layer.Inputs} inputs but '{layers[l - 1].Name}' has {layers[l - 1].Outputs} outputs.", nameof(layers));
        }
    }

    /// <summary>
    /// The CSR form of every layer: its mask-true links in row-major order with their weights, and its bias (zeros
    /// without one). Throws for a broken chain or a non-finite weight or bias, layer by layer.
    /// </summary>
    private static MlpLayerWeights[] ToWeights(IReadOnlyList<MaskedLinear> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
            throw new ArgumentException("At least one layer is needed.", nameof(layers));
        var data = new MlpLayerWeights[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l] ?? throw new ArgumentNullException($"{nameof(layers)}[{l}]");
            if (l > 0 && layer.InFeatures != layers[l - 1].OutFeatures)
                throw new ArgumentException($"Layer '{layer.GetName()}' has {layer.InFeatures} inputs but '{layers[l - 1].GetName()}' has {layers[l - 1].OutFeatures} outputs.", nameof(layers));
            if (layer.InFeatures > int.MaxValue || layer.OutFeatures > int.MaxValue)
                throw new ArgumentException($"Layer '{layer.GetName()}' is too large to export.", nameof(layers));
            data[l] = ToWeights(layer);
        }
        return data;
    }

    private static MlpLayerWeights ToWeights(MaskedLinear layer)
    {
        int rows = (int)layer.OutFeatures, columns = (int)layer.InFeatures;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var mask = layer.Mask.to(ScalarType.Bool).cpu().reshape(-1);
        var weight = layer.Weight.detach().to(ScalarType.Float32).cpu().reshape(-1);
        long[] flat = mask.nonzero().reshape(-1).data<long>().ToArray();     // row-major, increasing
        if (flat.Length > Array.MaxLength)
            throw new ArgumentException($"Layer '{layer.GetName()}' has too many links to export.", nameof(layer));
        float[] values = weight.masked_select(mask).data<float>().ToArray();  // the same order
        var pointers = new int[rows + 1];
        var indices = new int[flat.Length];
        for (int k = 0; k < flat.Length; k++)
        {
            pointers[flat[k] / columns + 1]++;
            indices[k] = (int)(flat[k] % columns);
        }
        for (int r = 0; r < rows; r++)
            pointers[r + 1] += pointers[r];
        float[] bias = layer.Bias is null ? new float[rows] : layer.Bias.detach().to(ScalarType.Float32).cpu().data<float>().ToArray();
        return new MlpLayerWeights(layer.GetName(), new LinkPattern(rows, columns, pointers, indices), values, bias);
    }

    /// <summary>
    /// The layer restricted to the kept inputs and outputs (increasing indices), straight from CSR: kept links keep
    /// their order, so the columns stay increasing within a row. Dense storage when asked, or when more than half of
    /// the kept [rows × columns] entries are links.
    /// </summary>
    private static InferenceLayer BuildLayer(MlpLayerWeights layer, float[] allBias, int[] inputs, int[] outputs, MlpActivation activation, MlpExportStorage storage)
    {
        int rows = outputs.Length, columns = inputs.Length;
        var pattern = layer.Pattern;
        var newColumn = new int[pattern.Columns];
        Array.Fill(newColumn, -1);
        for (int c = 0; c < columns; c++)
            newColumn[inputs[c]] = c;
        var bias = new float[rows];
        var rowPointers = new int[rows + 1];
        for (int r = 0; r < rows; r++)
        {
            int source = outputs[r], kept = 0;
            bias[r] = allBias[source];
            for (int k = pattern.RowPointers[source]; k < pattern.RowPointers[source + 1]; k++)
                if (newColumn[pattern.ColumnIndices[k]] >= 0)
                    kept++;
            rowPointers[r + 1] = rowPointers[r] + kept;
        }
        var columnIndices = new int[rowPointers[rows]];
        var values = new float[rowPointers[rows]];
        for (int r = 0, n = 0; r < rows; r++)
        {
            int source = outputs[r];
            for (int k = pattern.RowPointers[source]; k < pattern.RowPointers[source + 1]; k++)
            {
                int c = newColumn[pattern.ColumnIndices[k]];
                if (c < 0)
                    continue;
                columnIndices[n] = c;
                values[n++] = layer.Values[k];
            }
        }
        long links = values.Length, entries = (long)rows * columns;
        bool dense = storage == MlpExportStorage.Dense || (rows > 0 && columns > 0 && links * 2 > entries);
        if (dense && entries > Array.MaxLength)
        {
            if (storage == MlpExportStorage.Dense)
                throw new ArgumentException($"Layer '{layer.Name}' ({rows}x{columns}) is too large to store densely.", nameof(storage));
            dense = false;
        }
        var csr = CsrMatrix.Create(rows, columns, rowPointers, columnIndices, values);
        return dense
            ? new InferenceLayer(layer.Name, new DenseMatrix(rows, columns, csr.ToDense()), links, bias, activation, layer.Inputs, layer.Outputs)
            : new InferenceLayer(layer.Name, csr, bias, activation, layer.Inputs, layer.Outputs);
    }
}
