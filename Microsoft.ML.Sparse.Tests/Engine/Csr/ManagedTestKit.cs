// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Csr;

namespace Microsoft.ML.Sparse.Tests.Engine.Csr;

/// <summary>Random CSR layers and data for the managed-engine tests.</summary>
internal static class ManagedTestKit
{
    /// <summary>A layer with each position linked with probability <paramref name="density"/> and N(0, 0.5) weights.</summary>
    public static CsrTrainingLayer RandomLayer(string name, int rows, int columns, double density, Random random, bool evolves = true)
    {
        var flat = new List<long>();
        for (long f = 0; f < (long)rows * columns; f++)
            if (random.NextDouble() < density)
                flat.Add(f);
        var pattern = LinkPattern.FromFlatIndices(rows, columns, flat.ToArray());
        var values = Enumerable.Range(0, pattern.LinkCount).Select(_ => (float)(Gaussian(random) * 0.5)).ToArray();
        var bias = Enumerable.Range(0, rows).Select(_ => (float)(Gaussian(random) * 0.1)).ToArray();
        return new CsrTrainingLayer(name, pattern, values, bias, evolves);
    }

    /// <summary>The layer's weights as a dense row-major [rows × columns] array (0 off the links).</summary>
    public static float[] Dense(CsrTrainingLayer layer)
    {
        var dense = new float[layer.Rows * layer.Columns];
        var p = layer.Pattern;
        for (int r = 0; r < p.Rows; r++)
            for (int k = p.RowPointers[r]; k < p.RowPointers[r + 1]; k++)
                dense[r * p.Columns + p.ColumnIndices[k]] = layer.Values[k];
        return dense;
    }

    /// <summary>The layer's links as a dense 0/1 mask.</summary>
    public static bool[] Mask(LinkPattern p)
    {
        var mask = new bool[p.Rows * p.Columns];
        for (int r = 0; r < p.Rows; r++)
            for (int k = p.RowPointers[r]; k < p.RowPointers[r + 1]; k++)
                mask[r * p.Columns + p.ColumnIndices[k]] = true;
        return mask;
    }

    public static float[] RandomFeatures(int rows, int features, Random random) =>
        Enumerable.Range(0, rows * features).Select(_ => (float)Gaussian(random)).ToArray();

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
