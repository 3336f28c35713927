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

[assembly: LoadableClass(typeof(SparseRegressionPredictionTransformer), null, typeof(SignatureLoadModel),
    "Sparse Regression Prediction Transformer", SparseRegressionPredictionTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(SparseRegressionPredictionTransformer), null, typeof(SignatureLoadRowMapper),
    "Sparse Regression Prediction Transformer", SparseRegressionPredictionTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IDataTransform), typeof(SparseRegressionPredictionTransformer), null, typeof(SignatureLoadDataTransform),
    "Sparse Regression Prediction Transformer", SparseRegressionPredictionTransformer.LoaderSignature)]

namespace Microsoft.ML.Sparse;

// ML.NET internals of the regression transformer: construction, version, save and load.
public sealed partial class SparseRegressionPredictionTransformer
{
    internal const string LoaderSignature = "SparseRegressionPred";

    internal SparseRegressionPredictionTransformer(IHostEnvironment env, ISparseScorer scorer, string featureColumnName, string scoreColumnName)
        : base(env, nameof(SparseRegressionPredictionTransformer), scorer, featureColumnName, scoreColumnName)
    {
        CheckOutputSize(scorer, 1, "regression");
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "SPRGPRED",
        verWrittenCur: 0x00010001, // initial
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(SparseRegressionPredictionTransformer).Assembly.FullName);

    private protected override VersionInfo GetVersion() => GetVersionInfo();

    private protected override void SaveOutputsAsOnnx(OnnxContext ctx, string logits, string[] outputVariables)
        => OnnxOutputHeads.Regression(ctx, logits, outputVariables[0]);

    private protected override void SaveTaskFields(ModelSaveContext ctx)
    {
        // (no task fields)
    }

    // SignatureLoadModel.
    private static SparseRegressionPredictionTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
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
    private static SparseRegressionPredictionTransformer Load(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(GetVersionInfo());
        return LoadOrThrowCorrupt("sparse regression model", () =>
        {
            var common = LoadCommonFields(ctx);
            var scorer = LoadScorer(ctx);
            return new SparseRegressionPredictionTransformer(env, scorer, common.FeatureColumnName, common.ScoreColumnName);
        });
    }
}
