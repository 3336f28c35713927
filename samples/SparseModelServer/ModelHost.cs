// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.Extensions.ObjectPool;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// Holds a model loaded from a zip and a pool of <see cref="PredictionEngine{TSrc,TDst}"/>s (each is not
/// thread-safe; the pool gives every request its own). Works for any model whose input is one known-size
/// Single vector column and whose output has a Score column (vector for multiclass, scalar otherwise).
/// </summary>
public sealed class ModelHost
{
    private readonly ObjectPool<IRowScorer> _engines;

    /// <summary>Loads the model and inspects its input and output schema.</summary>
    public ModelHost(string modelPath, int poolSize = 0)
    {
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"Model file '{modelPath}' not found. Train one first (see README) or pass --model <path>.", modelPath);
        var ml = new MLContext();
        Model = ml.Model.Load(modelPath, out var inputSchema);

        var vectorColumns = inputSchema.Where(c => c.Type is VectorDataViewType { ItemType: NumberDataViewType n, IsKnownSize: true } && n.RawType == typeof(float)).ToList();
        if (vectorColumns.Count == 0)
            throw new InvalidOperationException("The model's input has no known-size Single vector column to feed.");
        var features = vectorColumns.FirstOrDefault(c => c.Name == "Features");
        if (features.Name is null)
            features = vectorColumns[0];
        FeatureColumn = features.Name;
        FeatureCount = ((VectorDataViewType)features.Type).Size;

        var output = Model.GetOutputSchema(inputSchema);
        var score = output.GetColumnOrNull("Score") ?? throw new InvalidOperationException("The model produces no 'Score' column.");
        IsVectorScore = score.Type is VectorDataViewType;
        ClassNames = IsVectorScore ? ReadSlotNames(score) : Array.Empty<string>();
        HasProbability = output.GetColumnOrNull("Probability") is not null;

        var extra = inputSchema.Where(c => !c.IsHidden && c.Name != FeatureColumn).ToList();
        if (extra.Count > 1)
            throw new InvalidOperationException($"The model needs input columns {string.Join(", ", extra.Select(c => c.Name))} besides '{FeatureColumn}'. "
                + "Save a pipeline whose only inputs are the features (and at most the label).");
        var rowType = extra.Count == 0 ? typeof(FeatureRow<bool>) : typeof(FeatureRow<>).MakeGenericType(LabelClrType(extra[0]));
        var input = SchemaDefinition.Create(rowType);
        input[nameof(FeatureRow<bool>.Features)].ColumnName = FeatureColumn;
        input[nameof(FeatureRow<bool>.Features)].ColumnType = features.Type;
        if (extra.Count == 0)
            input.Remove(input[nameof(FeatureRow<bool>.Label)]);
        else
        {
            input[nameof(FeatureRow<bool>.Label)].ColumnName = extra[0].Name;
            input[nameof(FeatureRow<bool>.Label)].ColumnType = extra[0].Type;
        }
        var outputDef = SchemaDefinition.Create(typeof(ScoreRow));
        outputDef.Remove(outputDef[IsVectorScore ? nameof(ScoreRow.Scalar) : nameof(ScoreRow.Vector)]);
        outputDef[IsVectorScore ? nameof(ScoreRow.Vector) : nameof(ScoreRow.Scalar)].ColumnName = "Score";
        if (!HasProbability)
            outputDef.Remove(outputDef[nameof(ScoreRow.Probability)]);

        var policyType = typeof(EnginePolicy<>).MakeGenericType(rowType);
        var policy = (IPooledObjectPolicy<IRowScorer>)Activator.CreateInstance(policyType, ml, Model, input, outputDef)!;
        _engines = new DefaultObjectPool<IRowScorer>(policy, poolSize > 0 ? poolSize : Environment.ProcessorCount * 2);
    }

    /// <summary>The loaded model.</summary>
    public ITransformer Model { get; }

    /// <summary>Name of the input vector column.</summary>
    public string FeatureColumn { get; }

    /// <summary>Number of features the model expects.</summary>
    public int FeatureCount { get; }

    /// <summary>True for multiclass models (Score is a vector).</summary>
    public bool IsVectorScore { get; }

    /// <summary>True when the model outputs a Probability column (binary classifiers).</summary>
    public bool HasProbability { get; }

    /// <summary>Class names from the Score column's slot names (multiclass), else empty.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Scores one row with a pooled engine.</summary>
    public Prediction Predict(float[] features)
    {
        var engine = _engines.Get();
        try
        {
            return ToPrediction(engine.Score(features));
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    /// <summary>Scores rows in order with one pooled engine (rows are still scored one by one through ML.NET).</summary>
    public Prediction[] PredictBatch(IReadOnlyList<float[]> rows)
    {
        var engine = _engines.Get();
        try
        {
            var predictions = new Prediction[rows.Count];
            for (int i = 0; i < predictions.Length; i++)
                predictions[i] = ToPrediction(engine.Score(rows[i]));
            return predictions;
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    private Prediction ToPrediction(ScoreRow result)
    {
        if (!IsVectorScore)
            return new Prediction(null, result.Scalar, HasProbability ? result.Probability : null, null);
        int best = 0;
        for (int i = 1; i < result.Vector.Length; i++)
            if (result.Vector[i] > result.Vector[best])
                best = i;
        var scores = new Dictionary<string, float>(result.Vector.Length);
        for (int i = 0; i < result.Vector.Length; i++)
            scores[ClassName(i)] = result.Vector[i];
        return new Prediction(ClassName(best), result.Vector[best], null, scores);
    }

    private string ClassName(int i) => i < ClassNames.Count ? ClassNames[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string[] ReadSlotNames(DataViewSchema.Column score)
    {
        if (!score.HasSlotNames())
            return Array.Empty<string>();
        VBuffer<ReadOnlyMemory<char>> names = default;
        score.GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    private static Type LabelClrType(DataViewSchema.Column column) => column.Type switch
    {
        TextDataViewType => typeof(string),
        BooleanDataViewType => typeof(bool),
        KeyDataViewType { RawType: var t } when t == typeof(uint) => typeof(uint),
        NumberDataViewType { RawType: var t } when t == typeof(float) => typeof(float),
        _ => throw new InvalidOperationException($"The model's extra input column '{column.Name}' has type {column.Type}; this server can feed only Text, Boolean, Single or UInt32 key columns besides the features."),
    };

    /// <summary>Input row: the features vector and, when the pipeline starts with a label transform, an unused label.</summary>
    public sealed class FeatureRow<TLabel> : IFeatureRow
    {
        /// <summary>The features.</summary>
        public float[] Features = Array.Empty<float>();

        /// <summary>Placeholder for a label column the pipeline reads (never used for prediction).</summary>
        public TLabel Label = default!;

        void IFeatureRow.SetFeatures(float[] features) => Features = features;
    }

    private interface IFeatureRow
    {
        void SetFeatures(float[] features);
    }

    private interface IRowScorer
    {
        ScoreRow Score(float[] features);
    }

    /// <summary>Output row; only the members matching the model's output are mapped.</summary>
    public sealed class ScoreRow
    {
        /// <summary>Multiclass scores.</summary>
        public float[] Vector = Array.Empty<float>();

        /// <summary>Binary or regression score.</summary>
        public float Scalar = 0f;

        /// <summary>Binary probability.</summary>
        public float Probability = 0f;
    }

    private sealed class EnginePolicy<TRow>(MLContext ml, ITransformer model, SchemaDefinition input, SchemaDefinition output)
        : IPooledObjectPolicy<IRowScorer> where TRow : class, IFeatureRow, new()
    {
        public IRowScorer Create() => new Scorer(ml.Model.CreatePredictionEngine<TRow, ScoreRow>(model, ignoreMissingColumns: true, inputSchemaDefinition: input, outputSchemaDefinition: output));

        public bool Return(IRowScorer obj) => true;

        private sealed class Scorer(PredictionEngine<TRow, ScoreRow> engine) : IRowScorer
        {
            private readonly TRow _row = new();
            public ScoreRow Score(float[] features)
            {
                _row.SetFeatures(features);
                return engine.Predict(_row);
            }
        }
    }
}

/// <summary>One prediction as returned by the API.</summary>
/// <param name="Label">Predicted class (multiclass), else null.</param>
/// <param name="Score">Score of the predicted class, or the regression/binary score.</param>
/// <param name="Probability">Binary probability, when the model has one.</param>
/// <param name="Scores">Score per class (multiclass), else null.</param>
public sealed record Prediction(string? Label, float Score, float? Probability, IReadOnlyDictionary<string, float>? Scores);
