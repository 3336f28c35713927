// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Persistence;
using static Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer.TransformerTestKit;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;

namespace Microsoft.ML.Sparse.Tests.TextClassification;

/// <summary>
/// Dense training keeps every mask of the sparse projections full; such layers are stored as plain values (no index
/// per weight), so a dense Transformer's weights are not larger on disk than its float values.
/// </summary>
[TestClass]
public sealed class FullMaskWeightsTests
{
    private static byte[] Save(nn.Module module)
    {
        using var stream = new MemoryStream();
        TransformerWeightsSerializer.Write(stream, module);
        return stream.ToArray();
    }

    [TestMethod]
    public void FullMasksAreStoredDenselyAndRoundTripExactly()
    {
        var architecture = Classifier(vocabulary: 60, modelDim: 32);
        using var original = Build(() => new TransformerTextClassifier(architecture), 41);
        Assert.IsTrue(original.SparseLinears.All(l => l.ActiveLinks == l.InFeatures * l.OutFeatures), "masks start full");
        byte[] full = Save(original);

        long values = original.parameters().Sum(p => p.numel()) * sizeof(float);
        long sparseWeights = original.SparseLinears.Sum(l => l.InFeatures * l.OutFeatures);
        Assert.IsLessThan(values + 4096, (long)full.Length, "values plus names and shapes only");

        using var restored = Build(() => new TransformerTextClassifier(architecture), 42);
        SetRandomMasks(restored.SparseLinears, 0.1, 43); // the stored full masks must replace these
        TransformerWeightsSerializer.Read(new MemoryStream(full), restored);
        Assert.IsTrue(restored.SparseLinears.All(l => l.ActiveLinks == l.InFeatures * l.OutFeatures));
        foreach (var ((name, a), (_, b)) in original.named_parameters().Zip(restored.named_parameters()))
            CollectionAssert.AreEqual(Values(a), Values(b), name);
        CollectionAssert.AreEqual(full, Save(restored));

        // Removing one link per layer switches to index + value storage: 4 more bytes per remaining weight.
        foreach (var layer in original.SparseLinears)
        {
            var keep = Enumerable.Repeat(true, (int)(layer.OutFeatures * layer.InFeatures)).ToArray();
            keep[0] = false;
            using var mask = tensor(keep, new[] { layer.OutFeatures, layer.InFeatures });
            layer.SetMask(mask);
        }
        byte[] almostFull = Save(original);
        Assert.IsGreaterThan(full.Length + 3 * sparseWeights, (long)almostFull.Length);
    }
}
