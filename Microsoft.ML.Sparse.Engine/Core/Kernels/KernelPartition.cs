// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;

namespace Microsoft.ML.Sparse.Engine.Core.Kernels;

/// <summary>
/// How the managed step splits a kernel over threads: into at most one part per thread, each a contiguous range of
/// rows (output neurons), columns (input neurons) or array elements of about equal cost, with no part smaller than
/// <see cref="LinkWork"/> links plus neurons or <see cref="ElementWork"/> elements (below that, waking a thread costs
/// more than it saves). Every output element is written by exactly one part with the same sequence of
/// operations as on one thread, so results never depend on the number of threads.
/// </summary>

internal static class KernelPartition
{
    /// <summary>Fewest links plus neurons worth a part of their own (about 30-100 µs of kernel time).</summary>
    public const int LinkWork = 32_768;

    /// <summary>Fewest elements of an elementwise kernel (ReLU backward, optimizer) worth a part of their own (≈ 25-100 µs).</summary>
    public const int ElementWork = 262_144;

    /// <summary>Parts for <paramref name="work"/> units on <paramref name="threads"/> threads, at least <paramref name="minimum"/> units each.</summary>
    public static int Parts(long work, int threads, int minimum) => threads <= 1 ? 1 : (int)Math.Clamp(work / minimum, 1, threads);

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/> of <paramref name="count"/> units with compressed pointers
    /// (CSR row pointers or CSC column pointers): a range [start, end) whose links plus units are about 1/parts of the total.
    /// </summary>
    public static (int Start, int End) Range(int[] pointers, int count, int part, int parts) =>
        (Bound(pointers, count, part, parts), Bound(pointers, count, part + 1, parts));

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of <paramref name="length"/> elements, boundaries multiples of 64.</summary>
    public static (int Start, int End) Chunk(int length, int part, int parts)
    {
        int Edge(int p) => p >= parts ? length : (int)Math.Min(length, (long)length * p / parts / 64 * 64);
        return (Edge(part), Edge(part + 1));
    }

    /// <summary>Parts for <paramref name="links"/> links plus neurons on <paramref name="workers"/> (null: one thread).</summary>
    public static int LinkParts(long links, KernelWorkers? workers) => Parts(links, workers?.Count ?? 1, LinkWork);

    /// <summary>Parts for <paramref name="elements"/> elements of an elementwise kernel on <paramref name="workers"/>.</summary>
    public static int ElementParts(long elements, KernelWorkers? workers) => Parts(elements, workers?.Count ?? 1, ElementWork);

    /// <summary>Runs <paramref name="body"/> for every part, on the calling thread when there is one part.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(KernelWorkers? workers, int parts, Action<int> body)
    {
        if (parts == 1 || workers is null)
            for (int p = 0; p < parts; p++)
                body(p);
        else
            workers.Run(parts, body);
    }

    /// <summary>The first unit r with pointers[r] + r ≥ (links + count)·part/parts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Bound(int[] pointers, int count, int part, int parts)
    {
        if (part <= 0)
            return 0;
        if (part >= parts)
            return count;
        long target = ((long)pointers[count] + count) * part / parts;
        int low = 0, high = count;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if ((long)pointers[middle] + middle < target)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }
}
