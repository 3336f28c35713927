// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Multiclass prediction of a sparse network. Adds <c>Score</c> (vector of class probabilities, softmax of the
/// network's outputs, with the class names as slot names) and <c>PredictedLabel</c> (key of the most probable class,
/// with the training label's key values). Works with <c>MulticlassClassification.Evaluate</c>, permutation feature
/// importance and PredictionEngine like ML.NET's own multiclass models.
/// </summary>
public sealed partial class SparseMulticlassPredictionTransformer : SparsePredictionTransformerBase
{
    private readonly LabelKeyValues? _classes;

    /// <summary>Name of the PredictedLabel column.</summary>
    public string PredictedLabelColumnName { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount => Scorer.OutputSize;

    /// <summary>Class names (the label's key values as text), or empty when the label had no key values.</summary>
    public IReadOnlyList<string> ClassNames => _classes?.ToStrings() ?? Array.Empty<string>();

    private protected override DataViewSchema.DetachedColumn[] GetOutputColumns(DataViewSchema inputSchema)
    {
        uint setId = ScoreAnnotations.NextScoreColumnSetId(inputSchema);
        var predicted = new DataViewSchema.Annotations.Builder();
        ScoreAnnotations.AddText(predicted, ScoreAnnotations.ScoreColumnKind, ScoreAnnotations.MulticlassClassification);
        ScoreAnnotations.AddText(predicted, ScoreAnnotations.ScoreValueKind, ScoreAnnotations.PredictedLabel);
        _classes?.AddTo(predicted, ScoreAnnotations.KeyValues);
        ScoreAnnotations.AddSetId(predicted, setId);

        var score = new DataViewSchema.Annotations.Builder();
        ScoreAnnotations.AddText(score, ScoreAnnotations.ScoreColumnKind, ScoreAnnotations.MulticlassClassification);
        ScoreAnnotations.AddSetId(score, setId);
        ScoreAnnotations.AddText(score, ScoreAnnotations.ScoreValueKind, ScoreAnnotations.Score);
        if (_classes != null)
        {
            _classes.AddTo(score, ScoreAnnotations.TrainingLabelValues);
            if (_classes.Type.ItemType is TextDataViewType)
                _classes.AddTo(score, ScoreAnnotations.SlotNames);
        }
        return new[]
        {
            new DataViewSchema.DetachedColumn(PredictedLabelColumnName, new KeyDataViewType(typeof(uint), ClassCount), predicted.ToAnnotations()),
            new DataViewSchema.DetachedColumn(ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, ClassCount), score.ToAnnotations()),
        };
    }

    private protected override Delegate MakeOutputGetter(int index, ScoredRow row) => index switch
    {
        0 => (ValueGetter<uint>)((ref uint dst) => dst = ArgMaxKey(row.Outputs)),
        _ => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
        {
            var probabilities = row.Outputs;
            var editor = VBufferEditor.Create(ref dst, probabilities.Length);
            probabilities.CopyTo(editor.Values);
            dst = editor.Commit();
        }),
    };

    private protected override void PostProcess(float[] outputs) => Softmax(outputs);

    /// <summary>In-place softmax (max-shifted for stability).</summary>
    internal static void Softmax(Span<float> values)
    {
        float max = float.NegativeInfinity;
        foreach (float v in values)
            max = Math.Max(max, v);
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            sum += values[i];
        }
        float scale = (float)(1.0 / sum);
        for (int i = 0; i < values.Length; i++)
            values[i] *= scale;
    }

    /// <summary>1 + index of the largest value (first on ties, NaN ignored); 0 (missing) when every value is NaN.</summary>
    internal static uint ArgMaxKey(ReadOnlySpan<float> values)
    {
        int best = -1;
        for (int i = 0; i < values.Length; i++)
            if (!float.IsNaN(values[i]) && (best < 0 || values[i] > values[best]))
                best = i;
        return (uint)(best + 1);
    }
}
