using System.Globalization;
using Microsoft.ML.Sparse.Engine.Layers;
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
    {
        var snapshot = Snapshot(layers);
        var plan = new NeuronPruning(snapshot, hiddenActivation);
        if (removeDeadNeurons)
            plan.Run();
        var result = new InferenceLayer[snapshot.Length];
        for (int l = 0; l < snapshot.Length; l++)
        {
            var activation = l == snapshot.Length - 1 ? MlpActivation.Identity : hiddenActivation;
            result[l] = BuildLayer(snapshot[l], plan.KeptInputs(l), plan.KeptOutputs(l), activation, storage);
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

    private sealed record LayerData(string Name, int Out, int In, float[] Weight, bool[] Mask, float[] Bias);

    private static LayerData[] Snapshot(IReadOnlyList<MaskedLinear> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
            throw new ArgumentException("At least one layer is needed.", nameof(layers));
        var data = new LayerData[layers.Count];
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
            for (int k = 0; k < weight.Length; k++)
                if (mask[k] && !float.IsFinite(weight[k]))
                    throw new ArgumentException($"Layer '{layer.GetName()}' has a non-finite weight ({weight[k].ToString(CultureInfo.InvariantCulture)}) at row {k / layer.InFeatures}, column {k % layer.InFeatures}; the model diverged.", nameof(layers));
            for (int k = 0; k < bias.Length; k++)
                if (!float.IsFinite(bias[k]))
                    throw new ArgumentException($"Layer '{layer.GetName()}' has a non-finite bias ({bias[k].ToString(CultureInfo.InvariantCulture)}) at output {k}; the model diverged.", nameof(layers));
            data[l] = new LayerData(layer.GetName(), (int)layer.OutFeatures, (int)layer.InFeatures, weight, mask, bias);
        }
        return data;
    }

    private static InferenceLayer BuildLayer(LayerData layer, int[] inputs, int[] outputs, MlpActivation activation, MlpExportStorage storage)
    {
        int rows = outputs.Length, columns = inputs.Length;
        var bias = new float[rows];
        var rowPointers = new int[rows + 1];
        var columnIndices = new List<int>();
        var values = new List<float>();
        for (int r = 0; r < rows; r++)
        {
            int source = outputs[r];
            bias[r] = layer.Bias[source];
            int offset = source * layer.In;
            for (int c = 0; c < columns; c++)
            {
                int k = offset + inputs[c];
                if (!layer.Mask[k])
                    continue;
                columnIndices.Add(c);
                values.Add(layer.Weight[k]);
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

    /// <summary>
    /// Finds and removes hidden neurons without in- or out-links, folding constant neurons into the biases of the
    /// snapshot (which holds copies of the trained tensors).
    /// </summary>
    private sealed class NeuronPruning
    {
        private readonly LayerData[] _layers;
        private readonly MlpActivation _activation;
        private readonly bool[][] _alive;   // _alive[l][j]: output j of layer l is kept (all outputs of the last layer are)

        public NeuronPruning(LayerData[] layers, MlpActivation activation)
        {
            _layers = layers;
            _activation = activation;
            _alive = layers.Select(l => Enumerable.Repeat(true, l.Out).ToArray()).ToArray();
        }

        public int[] KeptOutputs(int l) => Enumerable.Range(0, _layers[l].Out).Where(j => _alive[l][j]).ToArray();

        public int[] KeptInputs(int l) => l == 0 ? Enumerable.Range(0, _layers[0].In).ToArray() : KeptOutputs(l - 1);

        public void Run()
        {
            bool changed = true;
            while (changed)
            {
                changed = false;
                for (int l = 0; l + 1 < _layers.Length; l++)
                    for (int j = 0; j < _layers[l].Out; j++)
                        if (_alive[l][j] && TryRemove(l, j))
                            changed = true;
            }
        }

        // Hidden neuron j = output j of layer l = input j of layer l + 1.
        private bool TryRemove(int l, int j)
        {
            var next = _layers[l + 1];
            bool[]? nextAlive = l + 1 == _layers.Length - 1 ? null : _alive[l + 1];
            bool hasOut = false;
            for (int r = 0; r < next.Out && !hasOut; r++)
                hasOut = (nextAlive == null || nextAlive[r]) && next.Mask[r * next.In + j];
            if (hasOut && HasIn(l, j))
                return false;
            if (hasOut)
            {
                // No in-links: the neuron outputs the constant act(b_j); move its contribution into the next biases.
                float constant = Activations.Apply(_activation, _layers[l].Bias[j]);
                if (constant != 0f)
                    for (int r = 0; r < next.Out; r++)
                        if ((nextAlive == null || nextAlive[r]) && next.Mask[r * next.In + j])
                            next.Bias[r] += next.Weight[r * next.In + j] * constant;
            }
            _alive[l][j] = false;
            return true;
        }

        private bool HasIn(int l, int j)
        {
            var layer = _layers[l];
            bool[]? inputAlive = l == 0 ? null : _alive[l - 1];
            int offset = j * layer.In;
            for (int c = 0; c < layer.In; c++)
                if (layer.Mask[offset + c] && (inputAlive == null || inputAlive[c]))
                    return true;
            return false;
        }
    }
}
