// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Persistence.Onnx;
using Microsoft.ML.Sparse.Scoring;

[assembly: LoadableClass(typeof(SparseMulticlassPredictionTransformer), null, typeof(SignatureLoadModel),
    "Sparse Multiclass Prediction Transformer", SparseMulticlassPredictionTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(SparseMulticlassPredictionTransformer), null, typeof(SignatureLoadRowMapper),
    "Sparse Multiclass Prediction Transformer", SparseMulticlassPredictionTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IDataTransform), typeof(SparseMulticlassPredictionTransformer), null, typeof(SignatureLoadDataTransform),
    "Sparse Multiclass Prediction Transformer", SparseMulticlassPredictionTransformer.LoaderSignature)]

namespace Microsoft.ML.Sparse;

// ML.NET internals of the multiclass transformer: construction, version, save and load.
public sealed partial class SparseMulticlassPredictionTransformer
{
    internal const string LoaderSignature = "SparseMulticlassPred";

    internal SparseMulticlassPredictionTransformer(IHostEnvironment env, ISparseScorer scorer, string featureColumnName, LabelKeyValues? classes,
        string scoreColumnName, string predictedLabelColumnName)
        : base(env, nameof(SparseMulticlassPredictionTransformer), scorer, featureColumnName, scoreColumnName)
    {
        ArgumentException.ThrowIfNullOrEmpty(predictedLabelColumnName);
        if (scorer.OutputSize < 2)
            throw new ArgumentException($"A multiclass model needs at least 2 outputs, the scorer produces {scorer.OutputSize}.", nameof(scorer));
        if (classes != null && classes.Count != scorer.OutputSize)
            throw new ArgumentException($"{classes.Count} class names for a model with {scorer.OutputSize} outputs.", nameof(classes));
        _classes = classes;
        PredictedLabelColumnName = predictedLabelColumnName;
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "SPMCPRED",
        verWrittenCur: 0x00010001, // initial
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(SparseMulticlassPredictionTransformer).Assembly.FullName);

    private protected override VersionInfo GetVersion() => GetVersionInfo();

    private protected override void SaveOutputsAsOnnx(OnnxContext ctx, string logits, string[] outputVariables)
        => OnnxOutputHeads.Multiclass(ctx, logits, outputVariables[0], outputVariables[1]);

    private protected override void SaveTaskFields(ModelSaveContext ctx)
    {
        // string: predicted label column name, i32: classes, bool: has class names, [class names]
        ctx.SaveNonEmptyString(PredictedLabelColumnName);
        ctx.Writer.Write(ClassCount);
        ctx.Writer.Write(_classes != null);
        _classes?.Write(ctx.Writer);
    }

    // SignatureLoadModel.
    private static SparseMulticlassPredictionTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        MlNetVersionGuard.EnsureSupported();
        return Load(env, ctx);
    }

    // SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(env, ctx).MakeRowMapper(inputSchema);

    // SignatureLoadDataTransform.
    private static IDataTransform Create(IHostEnvironment env, ModelLoadContext ctx, IDataView input)
        => Create(env, ctx).MakeDataTransform(input);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SparseMulticlassPredictionTransformer Load(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(GetVersionInfo());
        return LoadOrThrowCorrupt("sparse multiclass model", () =>
        {
            var common = LoadCommonFields(ctx);
            string predictedLabel = ctx.LoadNonEmptyString();
            int classCount = ctx.Reader.ReadInt32();
            if (classCount < 2)
                throw new InvalidDataException($"The saved sparse multiclass model is corrupt: {classCount} classes.");
            var classes = ctx.Reader.ReadBoolean() ? LabelKeyValues.Read(ctx.Reader, classCount) : null;
            var scorer = LoadScorer(ctx);
            if (scorer.OutputSize != classCount)
                throw new InvalidDataException($"The saved sparse multiclass model is corrupt: {classCount} classes but the network has {scorer.OutputSize} outputs.");
            return new SparseMulticlassPredictionTransformer(env, scorer, common.FeatureColumnName, classes, common.ScoreColumnName, predictedLabel);
        });
    }
}
