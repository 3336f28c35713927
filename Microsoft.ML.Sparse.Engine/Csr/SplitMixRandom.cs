// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;

namespace Microsoft.ML.Sparse.Engine.Csr;

/// <summary>
/// Seeded random numbers for the managed engine, with no native dependency: a SplitMix64 stream, plus a counter-based
/// form (<see cref="Hash"/>) whose i-th value depends only on (seed, stream, i), so work split over threads draws the
/// same numbers as a single thread. Every draw of the managed engine comes from here: with the same seed, data order
/// and options, training is bit-identical.
/// </summary>
internal sealed class SplitMixRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private ulong _state;

    /// <param name="seed">Seed of the stream.</param>
    /// <param name="stream">Independent sub-stream number (e.g. one per purpose).</param>
    public SplitMixRandom(long seed, ulong stream = 0) => _state = Mix(unchecked((ulong)seed) ^ Mix(stream + Golden));

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state = unchecked(_state + Golden);
        return Mix(_state);
    }

    /// <summary>A uniform double in [0, 1) (53 bits).</summary>
    public double NextDouble() => ToUnit(NextUInt64());

    /// <summary>A uniform integer in [0, <paramref name="bound"/>) without modulo bias.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long NextInt64(long bound)
    {
        if (bound <= 0)
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "The bound must be positive.");
        ulong b = (ulong)bound;
        ulong limit = ulong.MaxValue - ulong.MaxValue % b;
        ulong r;
        do
            r = NextUInt64();
        while (r >= limit);
        return (long)(r % b);
    }

    /// <summary>A standard normal draw (Box-Muller; one value per two uniforms, no cached state).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A standard Gumbel draw, −log(−log u).</summary>
    public double NextGumbel() => Gumbel(NextUInt64());

    /// <summary>An Exp(1) draw.</summary>
    public double NextExponential() => Exponential(NextUInt64());

    /// <summary>Fisher-Yates shuffle in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)NextInt64(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>The counter-based draw: 64 random bits that depend only on the three arguments.</summary>
    public static ulong Hash(long seed, ulong stream, ulong index) =>
        Mix(unchecked(Mix(unchecked((ulong)seed) ^ Mix(stream + Golden)) + (index + 1) * Golden));

    /// <summary>A uniform double in [0, 1) from 64 random bits.</summary>
    public static double ToUnit(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard Gumbel value from 64 random bits (the uniform is kept inside (0, 1)).</summary>
    public static double Gumbel(ulong bits)
    {
        double u = ((bits >> 11) + 0.5) * (1.0 / (1UL << 53));
        return -Math.Log(-Math.Log(u));
    }

    /// <summary>An Exp(1) value from 64 random bits.</summary>
    public static double Exponential(ulong bits) => -Math.Log(((bits >> 11) + 0.5) * (1.0 / (1UL << 53)));

    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
