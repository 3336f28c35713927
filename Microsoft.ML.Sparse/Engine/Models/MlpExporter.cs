using Microsoft.ML.Sparse.Engine.Layers;
using Microsoft.ML.Sparse.Engine.Managed;
using Microsoft.ML.Sparse.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Models;

/// <summary>
/// Turns a trained chain of <see cref="MaskedLinear"/> layers (hidden activation between layers, none after the last)
/// into a managed <see cref="SparseMlpInferenceModel"/>. Only mask-true entries are stored, and hidden neurons that
/// cannot influence the output are dropped exactly:
/// <list type="bullet">
/// <item>a hidden neuron without out-links is removed (its row, its bias and its column in the next layer);</item>
/// <item>a hidden neuron without in-links always outputs act(b_j): W_next[:, j]·act(b_j) is added to the next layer's
/// bias and the neuron is removed;</item>
/// </list>
/// repeated until nothing changes (a removal can leave neighbours without links). Input features and outputs are
/// never removed. The scores of the result equal the TorchSharp forward pass up to float rounding.
/// </summary>
internal static class MlpExporter
{
    /// <summary>Exports with automatic CSR/dense storage and dead-neuron removal.</summary>
    public static SparseMlpInferenceModel Export(IReadOnlyList<MaskedLinear> layers, MlpActivation hiddenActivation)
        => Export(layers, hiddenActivation, MlpExportStorage.Auto, removeDeadNeurons: true);

    /// <summary>Exports with explicit storage and optional dead-neuron removal.</summary>
    public static SparseMlpInferenceModel Export(IReadOnlyList<MaskedLinear> layers, MlpActivation hiddenActivation, MlpExportStorage storage, bool removeDeadNeurons)
        => Export(Snapshot(layers), hiddenActivation, storage, removeDeadNeurons);

    /// <summary>
    /// Exports CSR layers (input layer first; the managed engine's layers, or snapshots of TorchSharp ones) without ever
    /// forming a rows × columns array for a layer stored as CSR.
    /// </summary>
    public static SparseMlpInferenceModel Export(IReadOnlyList<MlpLayerWeights> layers, MlpActivation hiddenActivation,
        MlpExportStorage storage = MlpExportStorage.Auto, bool removeDeadNeurons = true)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
            throw new ArgumentException("At least one layer is needed.", nameof(layers));
        for (int l = 1; l < layers.Count; l++)
            if (layers[l].In != layers[l - 1].Out)
                throw new ArgumentException($"Layer '{layers[l].Name}' has {layers[l].In} inputs but '{layers[l - 1].Name}' has {layers[l - 1].Out} outputs.", nameof(layers));
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

    private static MlpLayerWeights[] Snapshot(IReadOnlyList<MaskedLinear> layers)
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
            if (layer.InFeatures > int.MaxValue || layer.OutFeatures > int.MaxValue || layer.InFeatures * layer.OutFeatures > Array.MaxLength)
                throw new ArgumentException($"Layer '{layer.GetName()}' is too large to export.", nameof(layers));
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            float[] weight = layer.Weight.detach().to(ScalarType.Float32).cpu().data<float>().ToArray();
            bool[] mask = layer.Mask.to(ScalarType.Bool).cpu().data<bool>().ToArray();
            float[] bias = layer.Bias is null ? new float[layer.OutFeatures] : layer.Bias.detach().to(ScalarType.Float32).cpu().data<float>().ToArray();
            data[l] = ToCsr(layer.GetName(), (int)layer.OutFeatures, (int)layer.InFeatures, weight, mask, bias);
        }
        return data;
    }

    private static MlpLayerWeights ToCsr(string name, int rows, int columns, float[] weight, bool[] mask, float[] bias)
    {
        var pointers = new int[rows + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                int k = r * columns + c;
                if (!mask[k])
                    continue;
                indices.Add(c);
                values.Add(weight[k]);
            }
            pointers[r + 1] = indices.Count;
        }
        return new MlpLayerWeights(name, new LinkPattern(rows, columns, pointers, indices.ToArray()), values.ToArray(), bias);
    }

    private static InferenceLayer BuildLayer(MlpLayerWeights layer, float[] trainedBias, int[] inputs, int[] outputs, MlpActivation activation, MlpExportStorage storage)
    {
        int rows = outputs.Length, columns = inputs.Length;
        var newColumn = new int[layer.In];
        Array.Fill(newColumn, -1);
        for (int c = 0; c < columns; c++)
            newColumn[inputs[c]] = c;
        var bias = new float[rows];
        var rowPointers = new int[rows + 1];
        var columnIndices = new List<int>();
        var values = new List<float>();
        var pattern = layer.Pattern;
        for (int r = 0; r < rows; r++)
        {
            int source = outputs[r];
            bias[r] = trainedBias[source];
            for (int k = pattern.RowPointers[source]; k < pattern.RowPointers[source + 1]; k++)
            {
                int c = newColumn[pattern.ColumnIndices[k]];
                if (c < 0)
                    continue;
                columnIndices.Add(c);
                values.Add(layer.Values[k]);
            }
            rowPointers[r + 1] = values.Count;
        }
        long links = values.Count;
        bool dense = storage == MlpExportStorage.Dense || (rows > 0 && columns > 0 && links * 2 > (long)rows * columns);
        var csr = CsrMatrix.Create(rows, columns, rowPointers, columnIndices.ToArray(), values.ToArray());
        return dense
            ? new InferenceLayer(layer.Name, new DenseMatrix(rows, columns, csr.ToDense()), links, bias, activation, layer.In, layer.Out)
            : new InferenceLayer(layer.Name, csr, bias, activation, layer.In, layer.Out);
    }

}
