// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Csr;
using Microsoft.ML.Sparse.Engine.Networks;
using Microsoft.ML.Sparse.Engine.Torch.Optimization;

namespace Microsoft.ML.Sparse.Tests.Engine.Csr;

/// <summary>
/// The managed step equals the TorchSharp masked step: same masks and weights in both engines, several optimizer steps,
/// every loss head and optimizer; losses and weights agree within 1e-5.
/// </summary>
[TestClass]
public sealed class ManagedStepEquivalenceTests
{
    [TestMethod]
    [DataRow((int)MlpLoss.CrossEntropy, SparseOptimizer.Sgd)]
    [DataRow((int)MlpLoss.CrossEntropy, SparseOptimizer.Adam)]
    [DataRow((int)MlpLoss.CrossEntropy, SparseOptimizer.AdamW)]
    [DataRow((int)MlpLoss.BinaryLogistic, SparseOptimizer.Sgd)]
    [DataRow((int)MlpLoss.SquaredError, SparseOptimizer.Sgd)]
    [DataRow((int)MlpLoss.SquaredError, SparseOptimizer.Adam)]
    public void ManagedStepsEqualTorchSharpMaskedSteps(int lossKind, SparseOptimizer optimizerKind)
    {
        var loss = (MlpLoss)lossKind;
        EngineTestKit.Load();
        var random = new Random(17);
        int features = 12, rowsCount = 50, outputs = loss == MlpLoss.CrossEntropy ? 4 : 1;
        int[] hidden = { 20, 16 };
        var layers = new[]
        {
            ManagedTestKit.RandomLayer("hidden1", 20, features, 0.3, random),
            ManagedTestKit.RandomLayer("hidden2", 16, 20, 0.2, random),
            ManagedTestKit.RandomLayer("output", outputs, 16, 1.0, random, evolves: false),
        };
        var x = ManagedTestKit.RandomFeatures(rowsCount, features, random);
        int[]? classes = loss == MlpLoss.CrossEntropy ? Enumerable.Range(0, rowsCount).Select(_ => random.Next(outputs)).ToArray() : null;
        float[]? targets = loss switch
        {
            MlpLoss.BinaryLogistic => Enumerable.Range(0, rowsCount).Select(_ => (float)random.Next(2)).ToArray(),
            MlpLoss.SquaredError => Enumerable.Range(0, rowsCount).Select(_ => (float)ManagedTestKit.Gaussian(random)).ToArray(),
            _ => null,
        };

        using var scope = NewDisposeScope();
        using var network = new SparseMlpNetwork(features, hidden, outputs, sparseOutputLayer: false, dropout: 0, CPU);
        for (int l = 0; l < layers.Length; l++)
        {
            var torchLayer = network.Layers[l];
            using var noGrad = no_grad();
            torchLayer.Weight.copy_(tensor(ManagedTestKit.Dense(layers[l]), new long[] { layers[l].Rows, layers[l].Columns }));
            torchLayer.Bias!.copy_(tensor(layers[l].Bias));
            if (layers[l].Evolves)
                torchLayer.SetMask(tensor(ManagedTestKit.Mask(layers[l].Pattern), new long[] { layers[l].Rows, layers[l].Columns }));
        }
        using var rows = new MlpRows(x, rowsCount, features, classes, targets, CPU);
        var objective = new MlpObjective(network, rows, null, loss);
        var parameters = network.parameters().ToList();
        using var torchOptimizer = optimizerKind == SparseOptimizer.Sgd
            ? SparseOptimizers.CreateSgd(parameters, 0.05, 0.9, 5e-4)
            : SparseOptimizers.CreateAdam(parameters, 0.01, weightDecay: 5e-4, decoupledWeightDecay: optimizerKind == SparseOptimizer.AdamW);

        var managed = new CsrMlp(layers, loss, 0, 16, seed: 1);
        var data = new CsrRows((float[])x.Clone(), rowsCount, features, classes, targets);
        var managedOptimizer = new LinkOptimizer(optimizerKind, 0.9, 5e-4, 0.9, 0.999);
        double lr = optimizerKind == SparseOptimizer.Sgd ? 0.05 : 0.01;

        for (int step = 0; step < 6; step++)
        {
            var batch = Enumerable.Range(0, 11).Select(i => (long)((step * 11 + i * 7) % rowsCount)).ToArray();
            float torchLoss;
            using (NewDisposeScope())
            {
                torchOptimizer.zero_grad();
                var value = objective.BatchLoss(batch);
                value.backward();
                torchLoss = value.item<float>();
                foreach (var layer in network.Layers)
                    layer.MaskGradient();
                torchOptimizer.step();
                foreach (var layer in network.Layers)
                    layer.ApplyMask();
            }
            float managedLoss = managed.ForwardBackward(data, batch);
            managedOptimizer.Step(layers, lr);
            Assert.AreEqual(torchLoss, managedLoss, 1e-5 * Math.Max(1, Math.Abs(torchLoss)), $"loss at step {step + 1}");
        }
        for (int l = 0; l < layers.Length; l++)
        {
            var torchWeights = network.Layers[l].Weight.detach().data<float>().ToArray();
            var managedWeights = ManagedTestKit.Dense(layers[l]);
            for (int i = 0; i < torchWeights.Length; i++)
                Assert.AreEqual(torchWeights[i], managedWeights[i], 1e-5, $"layer {l} weight {i}");
            var torchBias = network.Layers[l].Bias!.detach().data<float>().ToArray();
            for (int i = 0; i < torchBias.Length; i++)
                Assert.AreEqual(torchBias[i], layers[l].Bias[i], 1e-5, $"layer {l} bias {i}");
        }
    }

    [TestMethod]
    [DataRow((int)MlpLoss.CrossEntropy)]
    [DataRow((int)MlpLoss.BinaryLogistic)]
    [DataRow((int)MlpLoss.SquaredError)]
    public void GradientsMatchFiniteDifferences(int lossKind)
    {
        var loss = (MlpLoss)lossKind;
        var random = new Random(5);
        int outputs = loss == MlpLoss.CrossEntropy ? 3 : 1;
        var layers = new[]
        {
            ManagedTestKit.RandomLayer("hidden1", 7, 5, 0.5, random),
            ManagedTestKit.RandomLayer("output", outputs, 7, 1.0, random, evolves: false),
        };
        var x = ManagedTestKit.RandomFeatures(6, 5, random);
        int[]? classes = loss == MlpLoss.CrossEntropy ? new[] { 0, 1, 2, 1, 0, 2 } : null;
        float[]? targets = loss == MlpLoss.CrossEntropy ? null : new[] { 1f, 0f, 1f, 1f, 0f, 0f };
        var data = new CsrRows(x, 6, 5, classes, targets);
        var mlp = new CsrMlp(layers, loss, 0, 8, seed: 1);
        var batch = Enumerable.Range(0, 6).Select(i => (long)i).ToArray();
        mlp.ForwardBackward(data, batch);
        var gradients = layers.Select(l => ((float[])l.Gradients.Clone(), (float[])l.BiasGradients.Clone())).ToArray();
        for (int l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            var (analytic, analyticBias) = gradients[l];
            for (int k = 0; k < layer.LinkCount; k++)
                AssertFiniteDifference(() => mlp.ForwardBackward(data, batch), layer.Values, k, analytic[k], $"{layer.Name} link {k}");
            for (int r = 0; r < layer.Rows; r++)
                AssertFiniteDifference(() => mlp.ForwardBackward(data, batch), layer.Bias, r, analyticBias[r], $"{layer.Name} bias {r}");
        }
    }

    private static void AssertFiniteDifference(Func<float> loss, float[] values, int index, float analytic, string what)
    {
        const float h = 1e-2f;
        float saved = values[index];
        values[index] = saved + h;
        double up = loss();
        values[index] = saved - h;
        double down = loss();
        values[index] = saved;
        double numeric = (up - down) / (2 * h);
        Assert.AreEqual(numeric, analytic, 2e-3 + 0.03 * Math.Abs(numeric), what);
    }
}
