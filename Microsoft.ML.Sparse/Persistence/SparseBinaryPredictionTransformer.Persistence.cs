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

[assembly: LoadableClass(typeof(SparseBinaryPredictionTransformer), null, typeof(SignatureLoadModel),
    "Sparse Binary Prediction Transformer", SparseBinaryPredictionTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(SparseBinaryPredictionTransformer), null, typeof(SignatureLoadRowMapper),
    "Sparse Binary Prediction Transformer", SparseBinaryPredictionTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IDataTransform), typeof(SparseBinaryPredictionTransformer), null, typeof(SignatureLoadDataTransform),
    "Sparse Binary Prediction Transformer", SparseBinaryPredictionTransformer.LoaderSignature)]

namespace Microsoft.ML.Sparse;

// ML.NET internals of the binary transformer: construction, version, save and load.
public sealed partial class SparseBinaryPredictionTransformer
{
    internal const string LoaderSignature = "SparseBinaryPred";

    internal SparseBinaryPredictionTransformer(IHostEnvironment env, ISparseScorer scorer, string featureColumnName,
        string scoreColumnName, string probabilityColumnName, string predictedLabelColumnName)
        : base(env, nameof(SparseBinaryPredictionTransformer), scorer, featureColumnName, scoreColumnName)
    {
        CheckOutputSize(scorer, 1, "binary classification");
        ArgumentException.ThrowIfNullOrEmpty(probabilityColumnName);
        ArgumentException.ThrowIfNullOrEmpty(predictedLabelColumnName);
        ProbabilityColumnName = probabilityColumnName;
        PredictedLabelColumnName = predictedLabelColumnName;
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "SPBCPRED",
        verWrittenCur: 0x00010001, // initial
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(SparseBinaryPredictionTransformer).Assembly.FullName);

    private protected override VersionInfo GetVersion() => GetVersionInfo();

    private protected override void SaveOutputsAsOnnx(OnnxContext ctx, string logits, string[] outputVariables)
        => OnnxOutputHeads.Binary(ctx, logits, outputVariables[0], outputVariables[1], outputVariables[2]);

    private protected override void SaveTaskFields(ModelSaveContext ctx)
    {
        // string: probability column name, string: predicted label column name
        ctx.SaveNonEmptyString(ProbabilityColumnName);
        ctx.SaveNonEmptyString(PredictedLabelColumnName);
    }

    // SignatureLoadModel.
    private static SparseBinaryPredictionTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
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
    private static SparseBinaryPredictionTransformer Load(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(GetVersionInfo());
        return LoadOrThrowCorrupt("sparse binary classification model", () =>
        {
            var common = LoadCommonFields(ctx);
            string probability = ctx.LoadNonEmptyString();
            string predictedLabel = ctx.LoadNonEmptyString();
            var scorer = LoadScorer(ctx);
            return new SparseBinaryPredictionTransformer(env, scorer, common.FeatureColumnName, common.ScoreColumnName, probability, predictedLabel);
        });
    }
}
