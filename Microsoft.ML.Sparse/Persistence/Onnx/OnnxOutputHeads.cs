// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;

namespace Microsoft.ML.Sparse.Persistence.Onnx;

/// <summary>
/// The ONNX nodes that turn a sparse network's logits (float [N, outputs]) into the prediction transformers' columns,
/// computing what their managed getters compute: multiclass Score = softmax, PredictedLabel = 1 + argmax (uint32 key,
/// first index on ties); binary Score = logit, Probability = sigmoid, PredictedLabel = logit &gt; 0; regression Score.
/// </summary>
internal static class OnnxOutputHeads
{
    /// <summary>Score (softmax over axis 1) and PredictedLabel (key = 1 + argmax of the probabilities, as uint32).</summary>
    public static void Multiclass(OnnxContext ctx, string logits, string predictedLabel, string score)
    {
        var node = ctx.CreateNode("Softmax", logits, score, ctx.GetNodeName("SparseMlp.Softmax"), "");
        node.AddAttribute("axis", 1L);

        string index = ctx.AddIntermediateVariable(new VectorDataViewType(NumberDataViewType.Int64, 1), "SparseMlp.ArgMax");
        node = ctx.CreateNode("ArgMax", score, index, ctx.GetNodeName("SparseMlp.ArgMax"), "");
        node.AddAttribute("axis", 1L);
        node.AddAttribute("keepdims", 1L);

        string one = ctx.AddInitializer(1L, "SparseMlp.KeyOffset");
        string key = ctx.AddIntermediateVariable(new VectorDataViewType(NumberDataViewType.Int64, 1), "SparseMlp.Key");
        ctx.CreateNode("Add", new[] { index, one }, new[] { key }, ctx.GetNodeName("SparseMlp.KeyOffset"), "");

        node = ctx.CreateNode("Cast", key, predictedLabel, ctx.GetNodeName("SparseMlp.KeyCast"), "");
        node.AddAttribute("to", typeof(uint));
    }

    /// <summary>Score (the logit), Probability (sigmoid) and PredictedLabel (logit &gt; 0, boolean).</summary>
    public static void Binary(OnnxContext ctx, string logits, string predictedLabel, string score, string probability)
    {
        ctx.CreateNode("Identity", logits, score, ctx.GetNodeName("SparseMlp.Score"), "");
        ctx.CreateNode("Sigmoid", logits, probability, ctx.GetNodeName("SparseMlp.Sigmoid"), "");
        string zero = ctx.AddInitializer(0f, "SparseMlp.Threshold");
        ctx.CreateNode("Greater", new[] { logits, zero }, new[] { predictedLabel }, ctx.GetNodeName("SparseMlp.Greater"), "");
    }

    /// <summary>Score (the network's single output).</summary>
    public static void Regression(OnnxContext ctx, string logits, string score)
        => ctx.CreateNode("Identity", logits, score, ctx.GetNodeName("SparseMlp.Score"), "");
}
