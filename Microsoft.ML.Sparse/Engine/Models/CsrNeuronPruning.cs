using Microsoft.ML.Sparse.Inference;

namespace Microsoft.ML.Sparse.Engine.Models;

/// <summary>
/// Finds hidden neurons that cannot influence the output, on CSR layers: a neuron without out-links is dropped; a neuron
/// without in-links always outputs act(b_j), so W_next[:, j]·act(b_j) is folded into the next layer's biases and the
/// neuron is dropped. Repeated until nothing changes (a removal can leave neighbours without links). Inputs and outputs
/// are never removed. Works on copies of the biases.
/// </summary>
internal sealed class CsrNeuronPruning
{
    private readonly MlpLayerWeights[] _layers;
    private readonly float[][] _bias;
    private readonly (int[] Pointers, int[] Rows)[] _columns;
    private readonly MlpActivation _activation;
    private readonly bool[][] _alive;   // _alive[l][j]: output j of layer l is kept

    public CsrNeuronPruning(IReadOnlyList<MlpLayerWeights> layers, MlpActivation activation)
    {
        _layers = layers.ToArray();
        _bias = _layers.Select(l => (float[])l.Bias.Clone()).ToArray();
        _columns = _layers.Select(l => l.Pattern.Transpose()).ToArray();
        _activation = activation;
        _alive = _layers.Select(l => Enumerable.Repeat(true, l.Out).ToArray()).ToArray();
    }

    /// <summary>The biases after folding constant neurons.</summary>
    public float[] Bias(int l) => _bias[l];

    /// <summary>Kept outputs of layer <paramref name="l"/>, increasing.</summary>
    public int[] KeptOutputs(int l) => Enumerable.Range(0, _layers[l].Out).Where(j => _alive[l][j]).ToArray();

    /// <summary>Kept inputs of layer <paramref name="l"/>, increasing.</summary>
    public int[] KeptInputs(int l) => l == 0 ? Enumerable.Range(0, _layers[0].In).ToArray() : KeptOutputs(l - 1);

    /// <summary>Removes dead hidden neurons until nothing changes.</summary>
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
        var (pointers, rows) = _columns[l + 1];
        bool[]? nextAlive = l + 1 == _layers.Length - 1 ? null : _alive[l + 1];
        bool hasOut = false;
        for (int k = pointers[j]; k < pointers[j + 1] && !hasOut; k++)
            hasOut = nextAlive == null || nextAlive[rows[k]];
        if (hasOut && HasIn(l, j))
            return false;
        if (hasOut)
        {
            float constant = Activations.Apply(_activation, _bias[l][j]);
            if (constant != 0f)
                for (int k = pointers[j]; k < pointers[j + 1]; k++)
                {
                    int r = rows[k];
                    if (nextAlive == null || nextAlive[r])
                        _bias[l + 1][r] += next.WeightAt(r, j) * constant;
                }
        }
        _alive[l][j] = false;
        return true;
    }

    private bool HasIn(int l, int j)
    {
        var pattern = _layers[l].Pattern;
        bool[]? inputAlive = l == 0 ? null : _alive[l - 1];
        for (int k = pattern.RowPointers[j]; k < pattern.RowPointers[j + 1]; k++)
            if (inputAlive == null || inputAlive[pattern.ColumnIndices[k]])
                return true;
        return false;
    }
}
