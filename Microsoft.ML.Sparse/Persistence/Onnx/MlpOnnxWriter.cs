// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Sparse.Inference;

namespace Microsoft.ML.Sparse.Persistence.Onnx;

/// <summary>
/// Writes the forward pass of a <see cref="SparseMlpInferenceModel"/> into an ONNX graph being built by ML.NET's
/// converter, op for op as the managed kernels compute it: per layer y = act(x·Wᵀ + b) (<c>Gemm</c> with
/// <c>transB=1</c>, then <c>Relu</c> for hidden layers). The input standardisation is already folded into the first
/// layer and removed neurons are absent, as in the managed model.
/// </summary>
/// <remarks>
/// Sparse storage: ML.NET's <see cref="OnnxContext"/> can add dense initializers only (no <c>sparse_initializer</c>,
/// no tensor attributes), so a CSR layer is stored as two initializers, the non-zero values (float32) and their flat
/// positions row·columns + column (int32, which protobuf stores as varints: 1-4 bytes each), and densified in the
/// graph by <c>ConstantOfShape</c> → <c>ScatterElements</c> → <c>Reshape</c>. Every input of those nodes is an
/// initializer, so ONNX Runtime folds them into a dense weight once when the session is created; scoring then runs
/// the same <c>Gemm</c> as for a dense layer. Needs opset 11 (ScatterElements); ML.NET exports opset 12 by default.
/// </remarks>
internal static class MlpOnnxWriter
{
    /// <summary>Opset that introduced <c>ScatterElements</c>, used to densify CSR layers.</summary>
    public const int MinimumOpSetForSparseLayers = 11;

    private const string Prefix = "SparseMlp";

    /// <summary>
    /// Adds the network's nodes reading <paramref name="inputVariable"/> (float [N, InputSize]) and returns the name of
    /// the variable holding the raw outputs (logits, float [N, OutputSize]).
    /// </summary>
    public static string WriteLogits(OnnxContext ctx, SparseMlpInferenceModel model, string inputVariable)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(inputVariable);
        if (model.Layers.Any(l => l.Kind == InferenceLayerKind.Csr))
            ctx.CheckOpSetVersion(MinimumOpSetForSparseLayers, "Sparse MLP (CSR layers)");
        string current = inputVariable;
        for (int i = 0; i < model.Layers.Count; i++)
            current = WriteLayer(ctx, model.Layers[i], current, $"{Prefix}.L{i}");
        return current;
    }

    private static string WriteLayer(OnnxContext ctx, InferenceLayer layer, string input, string name)
    {
        string weights = layer.Csr is { } csr
            ? WriteCsrWeights(ctx, csr, name)
            : ctx.AddInitializer(layer.Dense!.Values.ToArray(), new long[] { layer.OutputSize, layer.InputSize }, $"{name}.W");
        string bias = ctx.AddInitializer(layer.Bias.ToArray(), new long[] { layer.OutputSize }, $"{name}.B");

        var outputType = new VectorDataViewType(NumberDataViewType.Single, layer.OutputSize);
        string linear = ctx.AddIntermediateVariable(outputType, $"{name}.Gemm");
        var gemm = ctx.CreateNode("Gemm", new[] { input, weights, bias }, new[] { linear }, ctx.GetNodeName($"{name}.Gemm"), "");
        gemm.AddAttribute("transB", 1L);

        switch (layer.Activation)
        {
            case MlpActivation.Identity:
                return linear;
            case MlpActivation.Relu:
                string relu = ctx.AddIntermediateVariable(outputType, $"{name}.Relu");
                ctx.CreateNode("Relu", linear, relu, ctx.GetNodeName($"{name}.Relu"), "");
                return relu;
            case MlpActivation.Clamp01:
                string clip = ctx.AddIntermediateVariable(outputType, $"{name}.Clip");
                string zero = ctx.AddInitializer(0f, $"{name}.Zero");
                string one = ctx.AddInitializer(1f, $"{name}.One");
                ctx.CreateNode("Clip", new[] { linear, zero, one }, new[] { clip }, ctx.GetNodeName($"{name}.Clip"), "");
                return clip;
            default:
                throw new NotSupportedException($"Layer '{layer.Name}' uses activation {layer.Activation}, which the ONNX export does not support.");
        }
    }

    /// <summary>Values + flat positions, densified to [rows, columns] by ConstantOfShape/ScatterElements/Reshape.</summary>
    private static string WriteCsrWeights(OnnxContext ctx, CsrMatrix csr, string name)
    {
        long size = (long)csr.Rows * csr.Columns;
        string flatShape = ctx.AddInitializer(new[] { size }, new long[] { 1 }, $"{name}.W.size");
        // ConstantOfShape without a 'value' attribute fills float32 zeros.
        string zeros = ctx.AddIntermediateVariable(null, $"{name}.W.zeros", skip: true);
        ctx.CreateNode("ConstantOfShape", flatShape, zeros, ctx.GetNodeName($"{name}.W.zeros"), "");

        string flat = zeros;
        if (csr.NonZeroCount > 0)
        {
            string values = ctx.AddInitializer(csr.Values.ToArray(), new long[] { csr.NonZeroCount }, $"{name}.W.values");
            string positions = size <= int.MaxValue
                ? ctx.AddInitializer(FlatPositions(csr).Select(p => (int)p).ToArray(), typeof(int), new long[] { csr.NonZeroCount }, $"{name}.W.positions")
                : ctx.AddInitializer(FlatPositions(csr).ToArray(), new long[] { csr.NonZeroCount }, $"{name}.W.positions");
            flat = ctx.AddIntermediateVariable(null, $"{name}.W.flat", skip: true);
            var scatter = ctx.CreateNode("ScatterElements", new[] { zeros, positions, values }, new[] { flat }, ctx.GetNodeName($"{name}.W.scatter"), "");
            scatter.AddAttribute("axis", 0L);
        }

        string shape = ctx.AddInitializer(new long[] { csr.Rows, csr.Columns }, new long[] { 2 }, $"{name}.W.shape");
        string weights = ctx.AddIntermediateVariable(null, $"{name}.W", skip: true);
        ctx.CreateNode("Reshape", new[] { flat, shape }, new[] { weights }, ctx.GetNodeName($"{name}.W.reshape"), "");
        return weights;
    }

    /// <summary>row·columns + column of every stored entry, in CSR order.</summary>
    private static long[] FlatPositions(CsrMatrix csr)
    {
        var positions = new long[csr.NonZeroCount];
        var rowPointers = csr.RowPointers;
        for (int row = 0; row < csr.Rows; row++)
            for (int k = rowPointers[row]; k < rowPointers[row + 1]; k++)
                positions[k] = (long)row * csr.Columns + csr.ColumnAt(k);
        return positions;
    }
}
