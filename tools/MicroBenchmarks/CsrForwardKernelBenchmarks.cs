// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using BenchmarkDotNet.Attributes;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Csr;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.MicroBenchmarks;

/// <summary>
/// The managed engine's CSR forward kernel (<c>FeatureMajorKernels.Forward</c>, bias and ReLU included) on one
/// 1568 → 1568 hidden layer at 1% and 10% (random links, exactly the same count in every row) for a batch of 32,
/// against TorchSharp's dense product of the same shape (<c>linear</c> then in-place <c>relu</c>, one thread), the
/// product the TorchSharp back-end computes for a dense layer. One thread everywhere.
/// </summary>
[MemoryDiagnoser]
public class CsrForwardKernelBenchmarks
{
    private const int Width = 1568;
    private const int Batch = 32;

    private CsrTrainingLayer? _sparse1Percent;
    private CsrTrainingLayer? _sparse10Percent;
    private float[] _x = [];
    private float[] _y = [];
    private int _stride;
    private Tensor? _denseX;
    private Tensor? _denseWeight;
    private Tensor? _denseBias;

    /// <summary>Builds the layers and the inputs.</summary>
    [GlobalSetup]
    public void SetUp()
    {
        var random = new Random(5);
        _sparse1Percent = RandomLayer(0.01, random);
        _sparse10Percent = RandomLayer(0.1, random);
        _stride = FeatureMajorKernels.StrideFor(Batch);
        _x = new float[Width * _stride];
        for (int c = 0; c < Width; c++)
            for (int j = 0; j < Batch; j++)
                _x[c * _stride + j] = (float)(random.NextDouble() * 2 - 1);
        _y = new float[Width * _stride];
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
        torch.random.manual_seed(5);
        _denseX = randn(Batch, Width);
        _denseWeight = randn(Width, Width).mul_(1.0 / Math.Sqrt(Width));
        _denseBias = randn(Width);
    }

    /// <summary>CSR forward at 1% (16 links per row, 25,088 in all).</summary>
    [Benchmark]
    public float CsrForward1Percent()
    {
        FeatureMajorKernels.Forward(_sparse1Percent!, _x, _y, _stride, relu: true);
        return _y[0];
    }

    /// <summary>CSR forward at 10% (157 links per row, 246,176 in all).</summary>
    [Benchmark]
    public float CsrForward10Percent()
    {
        FeatureMajorKernels.Forward(_sparse10Percent!, _x, _y, _stride, relu: true);
        return _y[0];
    }

    /// <summary>TorchSharp's dense product of the same shape (the baseline).</summary>
    [Benchmark(Baseline = true)]
    public long TorchSharpDenseLinear()
    {
        using var y = nn.functional.linear(_denseX!, _denseWeight!, _denseBias);
        y.relu_();
        return y.shape[0];
    }

    /// <summary>Releases the tensors.</summary>
    [GlobalCleanup]
    public void CleanUp()
    {
        _denseX?.Dispose();
        _denseWeight?.Dispose();
        _denseBias?.Dispose();
    }

    private static CsrTrainingLayer RandomLayer(double density, Random random)
    {
        int perRow = (int)Math.Round(Width * density);
        var pointers = new int[Width + 1];
        var columns = new int[Width * perRow];
        var candidates = Enumerable.Range(0, Width).ToArray();
        for (int r = 0; r < Width; r++)
        {
            for (int k = 0; k < perRow; k++)
            {
                int pick = random.Next(k, Width);
                (candidates[k], candidates[pick]) = (candidates[pick], candidates[k]);
            }
            Array.Sort(candidates, 0, perRow);
            candidates.AsSpan(0, perRow).CopyTo(columns.AsSpan(r * perRow));
            pointers[r + 1] = (r + 1) * perRow;
        }
        var values = columns.Select(_ => (float)((random.NextDouble() * 2 - 1) / Math.Sqrt(perRow))).ToArray();
        return new CsrTrainingLayer($"hidden {density:P0}", new LinkPattern(Width, Width, pointers, columns), values, new float[Width], evolves: false);
    }
}
