// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer.TransformerTestKit;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;

namespace Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer;

[TestClass]
public sealed class TransformerArchitectureTests
{
    [TestMethod]
    public void JsonRoundTripRebuildsTheSameRecord()
    {
        var a = Seq2Seq(shared: true, norm: NormPlacement.PreNorm, dropout: 0.1);
        string json = a.ToJson();
        StringAssert.Contains(json, "\"NormPlacement\": \"PreNorm\"");
        Assert.AreEqual(a, TransformerArchitecture.FromJson(json));
        var stream = new MemoryStream();
        Classifier().Write(stream);
        stream.Position = 0;
        Assert.AreEqual(Classifier(), TransformerArchitecture.Read(stream));
    }

    [TestMethod]
    public void InvalidArchitecturesAreRejected()
    {
        Assert.ThrowsExactly<InvalidDataException>(() => (Classifier() with { Heads = 3 }).Validate());
        Assert.ThrowsExactly<InvalidDataException>(() => (Classifier() with { ClassCount = 1 }).Validate());
        Assert.ThrowsExactly<InvalidDataException>(() => (Seq2Seq() with { DecoderLayers = 0 }).Validate());
        Assert.ThrowsExactly<InvalidDataException>(() => (Seq2Seq(shared: true) with { TargetVocabularySize = 99 }).Validate());
        Assert.ThrowsExactly<InvalidDataException>(() => (Classifier() with { Dropout = 1.0 }).Validate());
        Assert.ThrowsExactly<InvalidDataException>(() => TransformerArchitecture.FromJson("{ not json"));
        Assert.ThrowsExactly<InvalidDataException>(() => TransformerArchitecture.FromJson(Classifier().ToJson().Replace("\"Heads\"", "\"Hedz\"")));
        Assert.ThrowsExactly<InvalidDataException>(() => TransformerArchitecture.FromJson(Classifier().ToJson().Replace("\"FormatVersion\": 1", "\"FormatVersion\": 9")));
        Assert.ThrowsExactly<InvalidDataException>(() => new Seq2SeqTransformer(Classifier()));
    }
}
