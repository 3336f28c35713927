// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text.Json;
using Microsoft.ML.Sparse.Persistence.Safetensors;
using Microsoft.ML.Sparse.Samples.Datasets;
using Microsoft.ML.Sparse.Trainers;
using static Microsoft.ML.Sparse.Tests.Persistence.PyTorchProcess;
using static Microsoft.ML.Sparse.Tests.Persistence.SafetensorsTestKit;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>
/// A sparse MLP trained here continues under torchrun with DistributedDataParallel on two CPU processes (gloo):
/// tools/pytorch/sparse_mlp_ddp.py trains each process on its own shard of data this test writes, and the model comes
/// back with every mask kept, changed weights, the same weights on both processes, and ML.NET scores equal to PyTorch's.
/// Inconclusive, with the install command, where python3 has no torch or torch.distributed has no gloo backend.
/// </summary>
[TestClass]
[TestCategory(TestLanes.Process)]
public sealed class PyTorchDdpTests
{
    private const int FeatureCount = 8, ClassCount = 3, RowCount = 192, Processes = 2;

    /// <summary>Three Gaussian blobs in 8 dimensions, 64 rows each, interleaved.</summary>
    private static LabeledVectors Blobs()
    {
        var random = new Random(5);
        var centres = Enumerable.Range(0, ClassCount).Select(_ => Enumerable.Range(0, FeatureCount).Select(_ => random.NextDouble() * 4 - 2).ToArray()).ToArray();
        var labels = Enumerable.Range(0, RowCount).Select(i => i % ClassCount).ToArray();
        var features = labels.Select(c => centres[c].Select(m => (float)(m + Gaussian(random))).ToArray()).ToArray();
        return new LabeledVectors("blobs", FeatureCount, features, labels, ["red", "green", "blue"]);
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>
    /// torchrun's arguments. torch 1.13's torchrun on Python 3.11 reads its default "--redirects 0 --tee 0" as None
    /// (Python 3.11's IntFlag no longer lists the zero member) and stops with "'NoneType' object has no attribute 'get'";
    /// a mapping for a local rank that does not exist ("9:1") leaves every real process's streams alone, as the default would.
    /// </summary>
    private static string[] Torchrun()
    {
        var (probe, output) = Run("-c", """
            import torch.distributed as d
            assert d.is_available() and d.is_gloo_available(), "torch.distributed without the gloo backend"
            try:
                from torch.distributed.elastic.multiprocessing.api import Std
                print("zero-flag-bug" if Std.from_str("0") is None else "ok")
            except (ImportError, AttributeError):
                print("ok")
            """);
        if (probe != 0)
            Assert.Inconclusive($"{Python} has no torch.distributed with gloo ({output.Trim()}); Debian's python3-torch has both: sudo bash build/setup.");
        string[] run = ["-m", "torch.distributed.run", "--standalone", "--nproc_per_node", Processes.ToString()];
        return output.Contains("zero-flag-bug") ? [.. run, "--redirects", "9:1", "--tee", "9:1"] : run;
    }

    [TestMethod]
    public void AModelTrainedHereContinuesUnderTorchrunDdpKeepingItsMasksAndComesBackScoringAsPyTorchDoes()
    {
        RequireTorch();
        string[] torchrun = Torchrun();
        string dir = Directory.CreateTempSubdirectory("mlsparse-ddp-").FullName;
        try
        {
            var ml = new MLContext(1);
            var blobs = Blobs();
            var options = new SparseMlpOptions
            {
                HiddenLayerSizes = [32, 32],
                NumberOfEpochs = 3,
                BatchSize = 32,
                SparsifyInputLayer = true,
                FeatureEncoding = FeatureEncoding.PiecewiseLinear,   // a fixed first layer that PyTorch must not train
                Seed = 3,
                Topology = new SparseTopologyOptions { Density = 0.3 },
            };
            var original = ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(blobs.ToDataView(ml));
            string exported = Path.Combine(dir, "exported.safetensors"), continued = Path.Combine(dir, "continued.safetensors");
            ml.Model.ExportSparseMlpToSafetensors(original, exported);

            // The training data: features and class indexes (the order of the model's class names).
            var data = new List<SafetensorsTensor>
            {
                SafetensorsTensor.FromFloats("features", [RowCount, FeatureCount], blobs.Flatten()),
                SafetensorsTensor.FromFloats("labels", [RowCount], blobs.Labels.Select(l => (float)l).ToArray()),
            };
            using (var stream = File.Create(Path.Combine(dir, "data.safetensors")))
                SafetensorsFile.Write(stream, data, new Dictionary<string, string>());
            var rows = blobs.Features.Take(48).ToArray();
            File.WriteAllBytes(Path.Combine(dir, "features.f32"), ToFloatBytes(rows));
            File.WriteAllBytes(Path.Combine(dir, "logits.f32"), ToFloatBytes(rows.Select(r => Logits(original, r))));

            var (exit, output) = Run([.. torchrun, Script("sparse_mlp_ddp.py"), exported, Path.Combine(dir, "data.safetensors"), continued,
                "--epochs", "1", "--batch-size", "16", "--lr", "0.05", "--seed", "7",
                "--check-features", Path.Combine(dir, "features.f32"), "--check-logits", Path.Combine(dir, "logits.f32"),
                "--write-logits", Path.Combine(dir, "continued.f32"), "--write-rank-states", Path.Combine(dir, "state")]);
            Assert.AreEqual(0, exit, output);
            StringAssert.Contains(output, "scores match ML.NET");
            StringAssert.Contains(output, "6 DDP steps per process on 2 processes (96 of 192 rows each per epoch) kept every mask");

            var before = Read(exported);
            var after = Read(continued);
            CollectionAssert.AreEquivalent(before.Keys.ToArray(), after.Keys.ToArray(), "the same tensors come back");
            bool changed = false;
            foreach (string name in before.Keys.Where(n => n.EndsWith(".mask", StringComparison.Ordinal)))
            {
                string layer = name[..^".mask".Length];
                bool[] mask = before[name].ToBools();
                CollectionAssert.AreEqual(mask, after[name].ToBools(), $"{name}: the mask is kept exactly");
                float[] weight = after[layer + ".weight"].ToFloats();
                for (int i = 0; i < weight.Length; i++)
                    Assert.IsTrue(mask[i] || weight[i] == 0, $"{layer}.weight[{i}] = {weight[i]} outside the exported links");
                changed |= !weight.SequenceEqual(before[layer + ".weight"].ToFloats());
            }
            Assert.IsTrue(changed, "DDP training changed the weights");
            CollectionAssert.AreEqual(before["input_encoding.weight"].Data, after["input_encoding.weight"].Data, "the input encoding is not trained");

            // Both processes hold the weights rank 0 wrote, bit for bit, and trained on disjoint halves of the data.
            var shards = new List<int>();
            for (int rank = 0; rank < Processes; rank++)
            {
                var (state, metadata) = ReadWithMetadata(Path.Combine(dir, $"state.rank{rank}.safetensors"));
                foreach (var (name, tensor) in after)
                    CollectionAssert.AreEqual(tensor.Data, state[name].Data, $"rank {rank}: {name}");
                int[][] epochs = JsonSerializer.Deserialize<int[][]>(metadata["shard_rows"])!;
                Assert.HasCount(1, epochs);
                Assert.HasCount(RowCount / Processes, epochs[0], $"rank {rank}'s shard");
                shards.AddRange(epochs[0]);
            }
            CollectionAssert.AreEquivalent(Enumerable.Range(0, RowCount).ToArray(), shards.ToArray(), "the shards split the rows");

            var imported = ml.Model.ImportSparseMlpFromSafetensors(continued, out _);
            CollectionAssert.AreEqual(new[] { "red", "green", "blue" }, ((SparseMulticlassPredictionTransformer)imported).ClassNames.ToArray());
            float[] torchLogits = FromFloatBytes(File.ReadAllBytes(Path.Combine(dir, "continued.f32")));
            Assert.HasCount(rows.Length * ClassCount, torchLogits);
            for (int i = 0; i < rows.Length; i++)
                AssertClose(torchLogits[(i * ClassCount)..((i + 1) * ClassCount)], Logits(imported, rows[i]), 1e-5, $"row {i}: ML.NET vs PyTorch after DDP");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static IReadOnlyDictionary<string, SafetensorsTensor> Read(string path) => ReadWithMetadata(path).Tensors;

    private static (IReadOnlyDictionary<string, SafetensorsTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) ReadWithMetadata(string path)
    {
        using var stream = File.OpenRead(path);
        return SafetensorsFile.Read(stream, path);
    }
}
