// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Mlp;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Trainers;

/// <summary>
/// Training that used to go wrong without a word: a density that leaves a sparse layer without links, empty data whose
/// key label has no classes, and the dense baseline falling back to the managed engine when libtorch does not load.
/// </summary>
[TestClass]
public sealed class TrainingGuardsTests
{
    private sealed class Row
    {
        [VectorType(3)]
        public float[] Features { get; set; } = new float[3];

        public string Class { get; set; } = "";

        public bool Flag { get; set; }

        public float Target { get; set; }

        public string Text { get; set; } = "";
    }

    private static Row[] Rows(int count) => Enumerable.Range(0, count).Select(i => new Row
    {
        Features = new[] { i % 3, (i * 7) % 5 / 5f, 1f },
        Class = "c" + (i % 3),
        Flag = i % 2 == 0,
        Target = i * 0.5f,
        Text = i % 2 == 0 ? "cheap pills now" : "meeting at noon",
    }).ToArray();

    private static SparseMlpOptions Tiny(double density) => new()
    {
        HiddenLayerSizes = new[] { 8 },
        SparsifyInputLayer = true,
        NumberOfEpochs = 1,
        Seed = 1,
        LabelColumnName = "Class",
        FeatureEncoding = FeatureEncoding.None,
        Topology = new SparseTopologyOptions { Density = density },
    };

    [TestMethod]
    public void ADensityThatLeavesALayerWithoutLinksFailsWithTheLayerAndTheFix()
    {
        var ml = new MLContext(1);
        var data = ml.Transforms.Conversion.MapValueToKey("Class").Fit(ml.Data.LoadFromEnumerable(Rows(30))).Transform(ml.Data.LoadFromEnumerable(Rows(30)));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.SparseMlp(Tiny(1e-9)).Fit(data));
        Assert.AreEqual("Density", e.ParamName);
        StringAssert.Contains(e.Message, "leaves sparse layer 1 (8x3) with 0 links");
        StringAssert.Contains(e.Message, "24 possible links");
        StringAssert.Contains(e.Message, "predict the same value for every row");
        StringAssert.Contains(e.Message, "Set Topology.Density to at least 0.334");

        // The density the message names trains.
        var model = ml.MulticlassClassification.Trainers.SparseMlp(Tiny(0.334)).Fit(data);
        Assert.IsTrue(model.Model.ActiveLinks > 0, model.Model.ToString());
    }

    [TestMethod]
    public void TheLinkCheckCoversEverySparseLayerAndSkipsDenseTraining()
    {
        var layers = SparseLayerLinkCheck.MlpLayers(784, new[] { 1568, 1568 }, 10, sparseOutputLayer: false);
        CollectionAssert.AreEqual(new[] { "layer 1 (1568x784)", "layer 2 (1568x1568)" }, layers.Select(l => l.Name).ToArray());
        Assert.HasCount(3, SparseLayerLinkCheck.MlpLayers(784, new[] { 1568, 1568 }, 10, sparseOutputLayer: true));

        var paper = new SparseTopologyOptions { Density = 0.01 };
        SparseLayerLinkCheck.ThrowIfALayerHasNoLinks(paper, layers);
        var tiny = new SparseTopologyOptions { Density = 1e-7 };   // 0.12 links in layer 1, 0.25 in layer 2
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SparseLayerLinkCheck.ThrowIfALayerHasNoLinks(tiny, layers));
        StringAssert.Contains(e.Message, "layer 1 (1568x784) with 0 links");
        StringAssert.Contains(e.Message, "at least 0.00128 (as many links as neurons in every sparse layer; 0.0103 gives 8 links per neuron)");
        SparseLayerLinkCheck.ThrowIfALayerHasNoLinks(new SparseTopologyOptions { Method = SparseTrainingMethod.Dense, Density = 1e-7 }, layers);

        var transformer = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            SparseLayerLinkCheck.ThrowIfALayerHasNoLinks(new SparseTopologyOptions { Density = 1e-5 }, SparseLayerLinkCheck.TransformerLayers(64, 128)));
        StringAssert.Contains(transformer.Message, "sparse attention projection (64x64) with 0 links");
        Assert.AreEqual("0.0157", SparseLayerLinkCheck.FormatAtLeast(1 / 64.0));
        Assert.AreEqual("0.125", SparseLayerLinkCheck.FormatAtLeast(0.125));
        Assert.AreEqual("1", SparseLayerLinkCheck.FormatAtLeast(2));
    }

    [TestMethod]
    public void TheTextTransformerRefusesADensityWithoutLinksBeforeTraining()
    {
        var ml = new MLContext(1);
        var raw = ml.Data.LoadFromEnumerable(Rows(4));
        var data = ml.Transforms.Conversion.MapValueToKey("Class").Fit(raw).Transform(raw);
        var options = new SparseTextTransformerOptions { LabelColumnName = "Class", ModelDim = 16, Heads = 2, FeedForwardDim = 32, NumberOfEpochs = 1, Seed = 1 };
        options.Topology.Method = SparseTrainingMethod.Chts;
        options.Topology.Density = 1e-4;
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.SparseTextTransformer(options).Fit(data));
        StringAssert.Contains(e.Message, "sparse attention projection (16x16) with 0 links");
        StringAssert.Contains(e.Message, "at least 0.0625");
    }

    [TestMethod]
    public void EmptyDataSaysNoRowsForEveryTask()
    {
        var ml = new MLContext(1);
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<Row>());
        // MapValueToKey fitted on no rows gives a key without classes: the error must still blame the missing rows.
        var keyed = ml.Transforms.Conversion.MapValueToKey("Class").Fit(empty).Transform(empty);
        void NoRows(Action fit, string task) =>
            StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(fit, task).Message, "The training data has no rows", task);
        NoRows(() => ml.MulticlassClassification.Trainers.SparseMlp(Tiny(0.5)).Fit(keyed), "multiclass");
        NoRows(() => ml.BinaryClassification.Trainers.SparseMlp(new SparseMlpOptions { LabelColumnName = "Flag", NumberOfEpochs = 1 }).Fit(empty), "binary");
        NoRows(() => ml.Regression.Trainers.SparseMlp(new SparseMlpOptions { LabelColumnName = "Target", NumberOfEpochs = 1 }).Fit(empty), "regression");
        NoRows(() => ml.MulticlassClassification.Trainers.SparseTextTransformer(new SparseTextTransformerOptions { LabelColumnName = "Class", NumberOfEpochs = 1 }).Fit(keyed), "text");

        // With rows, a one-class key is still reported as such.
        var one = ml.Data.LoadFromEnumerable(Rows(3).Select(r => { r.Class = "only"; return r; }));
        var oneClass = ml.Transforms.Conversion.MapValueToKey("Class").Fit(one).Transform(one);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.SparseMlp(Tiny(0.5)).Fit(oneClass)).Message,
            "has 1 class(es)");
    }

    [TestMethod]
    public void FallingBackFromTorchSharpIsWarnedOncePerMlContext()
    {
        var first = new MLContext(1);
        var second = new MLContext(1);
        var warnings = new List<string>();
        foreach (var ml in new[] { first, second })
            ml.Log += (_, e) => { if (e.Kind == ChannelMessageKind.Warning) lock (warnings) warnings.Add(e.Message); };

        bool Warn(MLContext ml)
        {
            var env = (IHostEnvironment)ml;
            using var channel = env.Register("SparseMlp").Start("Training");
            return NativeBackendFallback.WarnOnce(env, channel, "SparseMlp", SparseTrainingMethod.Dense, "libtorch is missing; add TorchSharp-cpu.");
        }

        Assert.IsTrue(Warn(first));
        Assert.IsFalse(Warn(first), "a second dense run on the same MLContext stays quiet");
        Assert.IsTrue(Warn(second), "another MLContext gets its own warning");
        Assert.HasCount(2, warnings);
        StringAssert.Contains(warnings[0], "the Dense baseline trains on the managed CPU engine instead of TorchSharp");
        StringAssert.Contains(warnings[0], "libtorch is missing; add TorchSharp-cpu.");
        StringAssert.Contains(warnings[0], "Engine = SparseTrainingEngine.Managed");
    }

    [TestMethod]
    public void OnlyAnAutomaticChoiceThatWantedTorchSharpIsAFallback()
    {
        // libtorch loads in the test process: the dense baseline trains on TorchSharp and nothing is a fallback.
        var dense = new SparseMlpOptions { Topology = new SparseTopologyOptions { Method = SparseTrainingMethod.Dense } };
        Assert.AreEqual(SparseTrainingEngine.TorchSharp, SparseMlpTrainingCore.ResolveEngine(dense));
        Assert.IsNull(NativeBackendFallback.Cause(dense, SparseTrainingEngine.Managed));
        // The managed engine asked for, or chosen for sparse training on the CPU, is no fallback.
        Assert.IsNull(NativeBackendFallback.Cause(new SparseMlpOptions { Engine = SparseTrainingEngine.Managed }, SparseTrainingEngine.Managed));
        Assert.IsNull(NativeBackendFallback.Cause(new SparseMlpOptions { Device = SparseDevice.Cpu }, SparseTrainingEngine.Managed));
    }
}
