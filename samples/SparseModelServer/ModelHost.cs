// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// A model loaded from a zip with <c>mlContext.Model.LoadSparseModel</c> and a pool of prediction engines. Works for
/// any model whose input is one known-size Single vector column and whose output has a Score column (vector for
/// multiclass, scalar otherwise). Labels are the PredictedLabel column's values: for a key, the class value from its
/// KeyValues annotation (so a model trained on numeric labels answers 7, not the class index).
/// </summary>
public sealed class ModelHost
{
    private readonly EnginePool _engines;
    private readonly IReadOnlyList<string>? _keyValues;
    private readonly bool _labelIsKey;

    /// <summary>Loads the model file and inspects its input and output schema.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is damaged, truncated or inconsistent.</exception>
    /// <exception cref="InvalidOperationException">The model's input or output is not one this server can feed or read.</exception>
    public ModelHost(string modelPath, int poolSize = 0)
        : this(OpenExisting(modelPath), poolSize, disposeStream: true)
    {
    }

    /// <summary>Loads the model from a stream (left open) and inspects its input and output schema.</summary>
    /// <exception cref="InvalidDataException">The model is damaged, truncated or inconsistent.</exception>
    /// <exception cref="InvalidOperationException">The model's input or output is not one this server can feed or read.</exception>
    public ModelHost(Stream model, int poolSize = 0)
        : this(model, poolSize, disposeStream: false)
    {
    }

    private ModelHost(Stream stream, int poolSize, bool disposeStream)
    {
        var ml = new MLContext();
        DataViewSchema inputSchema;
        try
        {
            Model = ml.Model.LoadSparseModel(stream, out inputSchema);
        }
        finally
        {
            if (disposeStream)
                stream.Dispose();
        }
        if (inputSchema is null)
            throw new InvalidOperationException("The model was saved without its input schema; save it with mlContext.Model.Save(model, data.Schema, path).");

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
        HasProbability = output.GetColumnOrNull("Probability") is not null;
        var predicted = output.GetColumnOrNull("PredictedLabel");
        Type? predictedType = predicted?.Type switch
        {
            KeyDataViewType key when key.RawType == typeof(uint) => typeof(uint),
            TextDataViewType => typeof(string),
            BooleanDataViewType => typeof(bool),
            NumberDataViewType number => number.RawType,
            _ => null,
        };
        _labelIsKey = predicted?.Type is KeyDataViewType;
        _keyValues = _labelIsKey ? ClassLabels.KeyValues(predicted!.Value) : null;
        Kind = IsVectorScore ? "multiclass" : predictedType is not null ? "binary" : "regression";
        ClassNames = IsVectorScore ? ClassLabels.Read(score, predicted) : Array.Empty<string>();

        var extra = inputSchema.Where(c => !c.IsHidden && c.Name != FeatureColumn).ToList();
        if (extra.Count > 1)
            throw new InvalidOperationException($"The model needs input columns {string.Join(", ", extra.Select(c => c.Name))} besides '{FeatureColumn}'. "
                + "Save a pipeline whose only inputs are the features (and at most the label).");
        var inputLabelType = extra.Count == 0 ? typeof(bool) : InputLabelType(extra[0]);
        var input = SchemaDefinition.Create(typeof(FeatureRow<>).MakeGenericType(inputLabelType));
        input[nameof(FeatureRow<bool>.Features)].ColumnName = FeatureColumn;
        input[nameof(FeatureRow<bool>.Features)].ColumnType = features.Type;
        if (extra.Count == 0)
            input.Remove(input[nameof(FeatureRow<bool>.Label)]);
        else
        {
            input[nameof(FeatureRow<bool>.Label)].ColumnName = extra[0].Name;
            input[nameof(FeatureRow<bool>.Label)].ColumnType = extra[0].Type;
        }
        var outputDef = SchemaDefinition.Create(typeof(ScoreRow<>).MakeGenericType(predictedType ?? typeof(bool)));
        outputDef.Remove(outputDef[IsVectorScore ? nameof(ScoreRow<bool>.Scalar) : nameof(ScoreRow<bool>.Vector)]);
        outputDef[IsVectorScore ? nameof(ScoreRow<bool>.Vector) : nameof(ScoreRow<bool>.Scalar)].ColumnName = "Score";
        if (!HasProbability)
            outputDef.Remove(outputDef[nameof(ScoreRow<bool>.Probability)]);
        if (predictedType is null)
            outputDef.Remove(outputDef[nameof(ScoreRow<bool>.PredictedLabel)]);
        else
            outputDef[nameof(ScoreRow<bool>.PredictedLabel)].ColumnType = predicted!.Value.Type;
        _engines = new EnginePool(ml, Model, inputLabelType, input, predictedType ?? typeof(bool), outputDef,
            poolSize > 0 ? poolSize : Environment.ProcessorCount * 2);
    }

    /// <summary>The loaded model.</summary>
    public ITransformer Model { get; }

    /// <summary>Name of the input vector column.</summary>
    public string FeatureColumn { get; }

    /// <summary>Number of features the model expects.</summary>
    public int FeatureCount { get; }

    /// <summary>True for multiclass models (Score is a vector).</summary>
    public bool IsVectorScore { get; }

    /// <summary>True when the model outputs a Probability column (calibrated binary classifiers).</summary>
    public bool HasProbability { get; }

    /// <summary>The task: "multiclass" (vector Score), "binary" (scalar Score and a PredictedLabel) or "regression".</summary>
    public string Kind { get; }

    /// <summary>The class of each Score slot, as labels are written (multiclass); empty when the model names none, or not multiclass.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>What a client must send and what it gets back: the task and the input vector.</summary>
    public string Shape => $"{Kind}, {FeatureCount} features in '{FeatureColumn}'";

    /// <summary>Scores one row with a pooled engine.</summary>
    public Prediction Predict(float[] features) => ToPrediction(_engines.Score([features])[0]);

    /// <summary>Scores rows in order with one pooled engine (rows are still scored one by one through ML.NET).</summary>
    public Prediction[] PredictBatch(IReadOnlyList<float[]> rows) => _engines.Score(rows).Select(ToPrediction).ToArray();

    private Prediction ToPrediction(RawPrediction result)
    {
        if (!IsVectorScore)
            return new Prediction(result.Label is null ? null : Label(result.Label), result.Scalar, HasProbability ? result.Probability : null, null);
        int best = 0;
        for (int i = 1; i < result.Vector.Length; i++)
            if (result.Vector[i] > result.Vector[best])
                best = i;
        var scores = new Dictionary<string, float>(result.Vector.Length);
        for (int i = 0; i < result.Vector.Length; i++)
            scores[ClassName(i)] = result.Vector[i];
        return new Prediction(result.Label is null ? ClassName(best) : Label(result.Label), result.Vector[best], null, scores);
    }

    private string? Label(object value)
    {
        if (!_labelIsKey)
            return ClassLabels.Format(value);
        uint key = (uint)value;
        if (key == 0)
            return null;
        return _keyValues is { } values && key <= values.Count ? values[(int)key - 1] : (key - 1).ToString(CultureInfo.InvariantCulture);
    }

    private string ClassName(int i) => i < ClassNames.Count ? ClassNames[i] : i.ToString(CultureInfo.InvariantCulture);

    private static FileStream OpenExisting(string modelPath)
    {
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"Model file '{modelPath}' not found. Train one first (see README) or pass --model <path>.", modelPath);
        return File.OpenRead(modelPath);
    }

    private static Type InputLabelType(DataViewSchema.Column column) => column.Type switch
    {
        TextDataViewType => typeof(string),
        BooleanDataViewType => typeof(bool),
        KeyDataViewType { RawType: var t } when t == typeof(uint) => typeof(uint),
        NumberDataViewType { RawType: var t } when t == typeof(float) => typeof(float),
        _ => throw new InvalidOperationException($"The model's extra input column '{column.Name}' has type {column.Type}; this server can feed only Text, Boolean, Single or UInt32 key columns besides the features."),
    };
}
