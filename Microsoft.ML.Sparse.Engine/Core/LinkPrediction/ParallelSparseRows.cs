// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;

namespace Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

/// <summary>
/// Builds a CSR matrix row by row from an <see cref="ISparseRowSource"/>, in parallel over contiguous blocks of rows.
/// Every row is written by one thread from its own inputs, and the blocks are concatenated in row order, so the
/// result is bit-identical whatever the number of threads. The blocks are copied into the result in parallel too.
/// </summary>
internal static class ParallelSparseRows
{
    /// <summary>Blocks per thread, for load balance when rows differ in cost.</summary>
    private const int BlocksPerThread = 8;

    /// <summary>The rows 0 .. <paramref name="rowCount"/> − 1 of <paramref name="createSource"/>'s sources in CSR form.</summary>
    /// <param name="rowCount">Number of rows.</param>
    /// <param name="maxThreads">Most threads to use (≥ 1).</param>
    /// <param name="createSource">Creates one row source (with its scratch buffers) per worker.</param>
    /// <param name="rowAlignment">Every block but the last starts and ends at a multiple of this (for sources that compute
    /// rows in aligned groups).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (int[] Pointers, int[] Indices, float[] Values) Build(int rowCount, int maxThreads, Func<ISparseRowSource> createSource,
        int rowAlignment = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowAlignment, 1);
        int groups = (rowCount + rowAlignment - 1) / rowAlignment;
        int blocks = maxThreads == 1 ? 1 : Math.Max(1, Math.Min(groups, maxThreads * BlocksPerThread));
        var rowLengths = new int[rowCount];
        var buffers = new SparseRowBuffer[blocks];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void RunBlock(int block, ISparseRowSource source)
        {
            int start = BlockStart(block, blocks, rowCount, rowAlignment), end = BlockStart(block + 1, blocks, rowCount, rowAlignment);
            var buffer = new SparseRowBuffer();
            for (int r = start; r < end; r++)
            {
                int before = buffer.Count;
                source.WriteRow(r, buffer);
                rowLengths[r] = buffer.Count - before;
            }
            buffers[block] = buffer;
        }

        if (blocks == 1)
            RunBlock(0, createSource());
        else
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, createSource,
                (block, _, source) => { RunBlock(block, source); return source; }, _ => { });

        var pointers = new int[rowCount + 1];
        for (int r = 0; r < rowCount; r++)
            pointers[r + 1] = checked(pointers[r] + rowLengths[r]);
        var indices = GC.AllocateUninitializedArray<int>(pointers[rowCount]);
        var values = GC.AllocateUninitializedArray<float>(indices.Length);

        void CopyBlock(int block)
        {
            buffers[block].CopyTo(indices, values, pointers[BlockStart(block, blocks, rowCount, rowAlignment)]);
            buffers[block].Release();
        }

        if (blocks == 1)
            CopyBlock(0);
        else
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, CopyBlock);
        return (pointers, indices, values);
    }

    /// <summary>
    /// First row of <paramref name="block"/> when <paramref name="rowCount"/> rows are split into equal blocks of whole
    /// groups of <paramref name="alignment"/> rows (the last group may be shorter).
    /// </summary>
    private static int BlockStart(int block, int blocks, int rowCount, int alignment)
    {
        int groups = (rowCount + alignment - 1) / alignment;
        return (int)Math.Min(rowCount, (long)groups * block / blocks * alignment);
    }
}
