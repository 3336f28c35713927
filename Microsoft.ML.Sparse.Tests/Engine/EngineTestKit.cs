// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Optimization;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Tests.Engine;

/// <summary>Helpers shared by the engine tests: masks from literals, and a tiny real training loop.</summary>
internal static class EngineTestKit
{
    public static void Load() => TorchRuntime.EnsureLoaded();

    /// <summary>A bool tensor from a 0/1 literal.</summary>
    public static Tensor Mask(int[,] values)
    {
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var flat = new bool[rows * columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                flat[r * columns + c] = values[r, c] != 0;
        return tensor(flat, new long[] { rows, columns });
    }

    /// <summary>The mask as a 0/1 array.</summary>
    public static int[,] ToArray(Tensor mask)
    {
        int rows = (int)mask.shape[0], columns = (int)mask.shape[1];
        var data = mask.to(ScalarType.Bool).cpu().contiguous().data<bool>().ToArray();
        var result = new int[rows, columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                result[r, c] = data[r * columns + c] ? 1 : 0;
        return result;
    }

    public static long Count(Tensor mask)
    {
        using var sum = mask.sum();
        return sum.ToInt64();
    }

    public static void AssertMaskEqual(int[,] expected, Tensor actual, string message = "")
    {
        var got = ToArray(actual);
        Assert.AreEqual(expected.GetLength(0), got.GetLength(0), "rows " + message);
        Assert.AreEqual(expected.GetLength(1), got.GetLength(1), "columns " + message);
        for (int r = 0; r < got.GetLength(0); r++)
            for (int c = 0; c < got.GetLength(1); c++)
                Assert.AreEqual(expected[r, c], got[r, c], $"entry [{r},{c}] {message}\n{Render(got)}");
    }

    public static string Render(int[,] mask)
    {
        var sb = new System.Text.StringBuilder();
        for (int r = 0; r < mask.GetLength(0); r++)
        {
            for (int c = 0; c < mask.GetLength(1); c++)
                sb.Append(mask[r, c] != 0 ? '1' : '.');
            sb.AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>Layers for sizes[0] → sizes[1] → … (all sparse unless <paramref name="denseLast"/>).</summary>
    public static List<MaskedLinear> Chain(long[] sizes, bool denseLast = false)
    {
        var layers = new List<MaskedLinear>();
        for (int i = 0; i + 1 < sizes.Length; i++)
            layers.Add(new MaskedLinear($"l{i}", sizes[i], sizes[i + 1], sparse: !(denseLast && i + 2 == sizes.Length)));
        return layers;
    }

    /// <summary>A network over <paramref name="layers"/> with consecutive layers chained.</summary>
    public static MaskedLayerGraph ChainedNetwork(IReadOnlyList<MaskedLinear> layers)
    {
        var network = new MaskedLayerGraph(layers);
        for (int i = 0; i + 1 < layers.Count; i++)
            network.AddChain(layers[i], layers[i + 1]);
        return network;
    }

    /// <summary>
    /// Runs <paramref name="steps"/> real training steps (random regression batch, ReLU MLP, MSE) through the
    /// scheduler protocol and calls <paramref name="afterStep"/> after each; returns the round stats.
    /// </summary>
    public static List<TopologyRoundStats> Train(IReadOnlyList<MaskedLinear> layers, SparseTopologyScheduler scheduler, optim.Optimizer optimizer,
        int steps, long dataSeed, Action<int>? afterStep = null, int batch = 8, LinkSpaceOptimizer? links = null)
    {
        var rounds = new List<TopologyRoundStats>();
        using var generator = new Generator((ulong)dataSeed);
        for (int s = 0; s < steps; s++)
        {
            using (var scope = NewDisposeScope())
            {
                var x = randn(new long[] { batch, layers[0].InFeatures }, generator: generator);
                var target = randn(new long[] { batch, layers[^1].OutFeatures }, generator: generator);
                var h = x;
                for (int i = 0; i < layers.Count; i++)
                {
                    h = layers[i].forward(h);
                    if (i + 1 < layers.Count)
                        h = nn.functional.relu(h);
                }
                var loss = (h - target).pow(2).mean();
                optimizer.zero_grad();
                links?.ZeroGrad();
                loss.backward();
                var round = scheduler.StepOptimizer(optimizer);
                if (round != null)
                    rounds.Add(round);
            }
            afterStep?.Invoke(s);
        }
        return rounds;
    }
}
