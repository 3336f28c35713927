// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Inference;

namespace Microsoft.ML.Sparse.Engine.Networks;

/// <summary>
/// Finds the hidden neurons of a chain of CSR layers that cannot influence the output, for <see cref="MlpExporter"/>:
/// <list type="bullet">
/// <item>a hidden neuron without out-links (to kept neurons) is removed;</item>
/// <item>a hidden neuron without in-links (from kept neurons) always outputs act(b_j): w_rj·act(b_j) is added to the
/// bias of every kept row r of the next layer linked to it, and the neuron is removed;</item>
/// </list>
/// repeated, in passes over the layers and neurons in order, until nothing changes. Inputs of the first layer and
/// outputs of the last are never removed. The layers are not modified: the biases with the folded constants are copies
/// (<see cref="Bias"/>). Link counts per neuron are kept up to date, so a pass costs one step per neuron plus the links
/// of the neurons it removes.
/// </summary>
internal sealed class CsrNeuronPruning
{
    private readonly IReadOnlyList<MlpLayerWeights> _layers;
    private readonly MlpActivation _activation;
    private readonly float[][] _bias;        // copies of the biases, with folded constants
    private readonly bool[][] _alive;        // _alive[l][j]: output j of layer l is kept
    private readonly int[][] _inLinks;       // _inLinks[l][j]: links into output j of layer l from kept inputs
    private readonly int[][] _outLinks;      // _outLinks[l][j] (l < last): links from output j of layer l to kept outputs of layer l + 1
    private readonly (int[] Pointers, int[] Rows)[] _columns;   // _columns[l]: CSC view of layer l (l ≥ 1)

    /// <summary>Prepares the pruning of <paramref name="layers"/> (a checked chain) with the given hidden activation.</summary>
    public CsrNeuronPruning(IReadOnlyList<MlpLayerWeights> layers, MlpActivation activation)
    {
        _layers = layers;
        _activation = activation;
        int count = layers.Count;
        _bias = layers.Select(l => (float[])l.Bias.Clone()).ToArray();
        _alive = layers.Select(l => Enumerable.Repeat(true, l.Outputs).ToArray()).ToArray();
        _inLinks = new int[count][];
        _outLinks = new int[count][];
        _columns = new (int[], int[])[count];
        for (int l = 0; l < count; l++)
        {
            var pattern = layers[l].Pattern;
            _inLinks[l] = new int[pattern.Rows];
            for (int r = 0; r < pattern.Rows; r++)
                _inLinks[l][r] = pattern.RowDegree(r);
            if (l == 0)
                continue;
            _columns[l] = pattern.Transpose();
            var pointers = _columns[l].Pointers;
            _outLinks[l - 1] = new int[pattern.Columns];
            for (int c = 0; c < pattern.Columns; c++)
                _outLinks[l - 1][c] = pointers[c + 1] - pointers[c];
        }
    }

    /// <summary>Indices of the kept outputs of layer <paramref name="l"/>, increasing.</summary>
    public int[] KeptOutputs(int l) => Enumerable.Range(0, _layers[l].Outputs).Where(j => _alive[l][j]).ToArray();

    /// <summary>Indices of the kept inputs of layer <paramref name="l"/>, increasing (all inputs of the first layer).</summary>
    public int[] KeptInputs(int l) => l == 0 ? Enumerable.Range(0, _layers[0].Inputs).ToArray() : KeptOutputs(l - 1);

    /// <summary>The bias of every output of layer <paramref name="l"/> (kept or not), with the folded constants.</summary>
    public float[] Bias(int l) => _bias[l];

    /// <summary>Removes dead hidden neurons until none is left.</summary>
    public void Run()
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int l = 0; l + 1 < _layers.Count; l++)
                for (int j = 0; j < _layers[l].Outputs; j++)
                    if (_alive[l][j] && TryRemove(l, j))
                        changed = true;
        }
    }

    // Hidden neuron j = output j of layer l = input j of layer l + 1.
    private bool TryRemove(int l, int j)
    {
        bool hasOut = _outLinks[l][j] > 0;
        if (hasOut && _inLinks[l][j] > 0)
            return false;
        var next = _layers[l + 1].Pattern;
        var (pointers, rows) = _columns[l + 1];
        bool[] nextAlive = _alive[l + 1];   // all true for the last layer
        if (hasOut)
        {
            // No in-links: the neuron outputs the constant act(b_j); move its contribution into the next biases.
            float constant = Activations.Apply(_activation, _bias[l][j]);
            if (constant != 0f)
            {
                var values = _layers[l + 1].Values;
                for (int i = pointers[j]; i < pointers[j + 1]; i++)
                {
                    int r = rows[i];
                    if (!nextAlive[r])
                        continue;
                    int k = next.IndexOf(r, j);
                    _bias[l + 1][r] += values[k] * constant;
                }
            }
        }
        _alive[l][j] = false;
        // Its out-links no longer feed the next layer; its in-links no longer leave the previous one.
        for (int i = pointers[j]; i < pointers[j + 1]; i++)
            _inLinks[l + 1][rows[i]]--;
        if (l > 0)
        {
            var pattern = _layers[l].Pattern;
            for (int k = pattern.RowPointers[j]; k < pattern.RowPointers[j + 1]; k++)
                _outLinks[l - 1][pattern.ColumnIndices[k]]--;
        }
        return true;
    }
}
