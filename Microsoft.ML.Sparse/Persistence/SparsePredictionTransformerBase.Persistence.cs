// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Persistence.Onnx;
using Microsoft.ML.Sparse.Scoring;

namespace Microsoft.ML.Sparse;

// ML.NET internals of the prediction transformers: base class, row mapper, common save/load.
public abstract partial class SparsePredictionTransformerBase : RowToRowTransformerBase, ISingleFeaturePredictionTransformer
{
    private const string ScorerStreamName = "Scorer.bin";

    private protected SparsePredictionTransformerBase(IHostEnvironment env, string registrationName, ISparseScorer scorer, string featureColumnName, string scoreColumnName)
        : base((env ?? throw new ArgumentNullException(nameof(env))).Register(registrationName))
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentException.ThrowIfNullOrEmpty(featureColumnName);
        ArgumentException.ThrowIfNullOrEmpty(scoreColumnName);
        Scorer = scorer;
        FeatureColumnName = featureColumnName;
        ScoreColumnName = scoreColumnName;
    }

    /// <summary>Persisted version of the concrete transformer.</summary>
    private protected abstract VersionInfo GetVersion();

    /// <summary>Writes the task's own fields after the common ones.</summary>
    private protected abstract void SaveTaskFields(ModelSaveContext ctx);

    /// <inheritdoc/>
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        // *** Binary format ***
        // string: feature column name, string: score column name, <task fields>
        // stream Scorer.bin: u8 scorer kind, scorer payload
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersion());
        ctx.SaveNonEmptyString(FeatureColumnName);
        ctx.SaveNonEmptyString(ScoreColumnName);
        SaveTaskFields(ctx);
        ctx.SaveBinaryStream(ScorerStreamName, writer => SparseScorerRegistry.Save(writer, Scorer));
    }

    /// <summary>
    /// Adds the task's output nodes to an ONNX graph: <paramref name="logits"/> holds the network's raw outputs
    /// (float [N, outputs]) and <paramref name="outputVariables"/> the variables of <see cref="GetOutputColumns"/>, in order.
    /// </summary>
    private protected abstract void SaveOutputsAsOnnx(OnnxContext ctx, string logits, string[] outputVariables);

    /// <summary>Writes the network and the output columns into the ONNX graph (<c>mlContext.Model.ConvertToOnnx</c>).</summary>
    private void SaveAsOnnx(OnnxContext ctx, DataViewSchema.DetachedColumn[] outputColumns)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (Scorer is not MlpScorer mlp)
            throw new NotSupportedException(
                $"ONNX export supports the sparse MLP models only; this {GetType().Name} scores '{FeatureColumnName}' with a {Model.Architecture} " +
                "network, which has no ONNX translation. Save it with mlContext.Model.Save and score it with ML.NET instead.");
        if (!ctx.ContainsColumn(FeatureColumnName))
            throw new InvalidOperationException(
                $"ONNX export: the column '{FeatureColumnName}' that the sparse model scores is not available in the ONNX graph (a step before it could not be exported).");
        string logits = MlpOnnxWriter.WriteLogits(ctx, mlp.Model, ctx.GetVariableName(FeatureColumnName));
        var outputs = outputColumns.Select(c => ctx.AddIntermediateVariable(c.Type, c.Name)).ToArray();
        SaveOutputsAsOnnx(ctx, logits, outputs);
    }

    /// <summary>Fields every sparse transformer saves first.</summary>
    private protected readonly record struct CommonFields(string FeatureColumnName, string ScoreColumnName);

    /// <summary>Reads the common fields (after <c>ctx.CheckAtModel(version)</c>).</summary>
    private protected static CommonFields LoadCommonFields(ModelLoadContext ctx) => new(ctx.LoadNonEmptyString(), ctx.LoadNonEmptyString());

    /// <summary>Reads the scorer stream; throws <see cref="InvalidDataException"/> when it is missing or corrupt.</summary>
    private protected static ISparseScorer LoadScorer(ModelLoadContext ctx)
    {
        ISparseScorer? scorer = null;
        ModelEntryGuard.Check(ctx, ScorerStreamName);
        if (!ctx.TryLoadBinaryStream(ScorerStreamName, reader => scorer = SparseScorerRegistry.Load(reader)))
            throw new InvalidDataException($"The sparse model is corrupt: the entry '{ScorerStreamName}' holding its network is missing.");
        return scorer!;
    }

    /// <summary>Runs <paramref name="load"/>, reporting decoding failures as a corrupt model.</summary>
    private protected static T LoadOrThrowCorrupt<T>(string what, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"The saved {what} is corrupt or truncated: {ex.Message}", ex);
        }
    }

    /// <summary>Scores the input column once per row and serves the transformer's output columns.</summary>
    private sealed class Mapper : MapperBase, ISaveAsOnnx
    {
        private readonly SparsePredictionTransformerBase _transformer;
        private readonly int _inputIndex;

        public Mapper(SparsePredictionTransformerBase parent, DataViewSchema inputSchema)
            : base(parent.Host.Register(nameof(Mapper)), inputSchema, parent)
        {
            _transformer = parent;
            string name = parent.FeatureColumnName;
            var column = inputSchema.GetColumnOrNull(name)
                ?? throw new ArgumentOutOfRangeException(nameof(inputSchema), $"The model scores column '{name}', which the input does not have.");
            if (!column.Type.Equals(parent.Scorer.InputType))
                throw new ArgumentOutOfRangeException(nameof(inputSchema),
                    $"Column '{name}' has type {column.Type}, but the model was trained on {parent.Scorer.InputType}.");
            _inputIndex = column.Index;
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() => _transformer.GetOutputColumns(InputSchema);

        public override Delegate[] CreateGetters(DataViewRow input, Func<int, bool> activeOutput, out Action disposer)
        {
            int count = OutputColumns.Value.Length;
            var getters = new Delegate[count];
            disposer = null!;
            if (!Enumerable.Range(0, count).Any(activeOutput))
                return getters;
            var row = CreateScoredRow(input);
            for (int i = 0; i < count; i++)
                if (activeOutput(i))
                    getters[i] = _transformer.MakeOutputGetter(i, row);
            disposer = row.Dispose;
            return getters;
        }

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action disposer)
        {
            var row = CreateScoredRow(input);
            disposer = row.Dispose;
            return _transformer.MakeOutputGetter(iinfo, row);
        }

        protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput)
        {
            bool any = Enumerable.Range(0, OutputColumns.Value.Length).Any(activeOutput);
            return column => any && column == _inputIndex;
        }

        protected override void SaveModel(ModelSaveContext ctx) => _transformer.SaveModel(ctx);

        // True for every scorer, so that a model without an ONNX translation fails in SaveAsOnnx with a message that
        // names it, rather than with ML.NET's generic "can not be fully converted" error.
        public bool CanSaveOnnx(OnnxContext ctx) => true;

        public void SaveAsOnnx(OnnxContext ctx) => _transformer.SaveAsOnnx(ctx, OutputColumns.Value);

        private ScoredRow CreateScoredRow(DataViewRow input)
        {
            var scorer = _transformer.Scorer;
            return new ScoredRow(input, scorer.Bind(input, input.Schema[_inputIndex]), scorer.OutputSize, _transformer.PostProcess);
        }
    }
}
