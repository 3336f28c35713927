// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Scoring;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Base of the sparse prediction transformers: scores one input column (the features vector, or text for text
/// models) with a trained sparse network and adds the prediction columns. Each row is computed once, however many of
/// the output columns are read. Models trained by the sparse MLP trainers score with managed CSR kernels and need no
/// TorchSharp native library. Saved and loaded with <c>mlContext.Model.Save</c> / <c>mlContext.Model.Load</c>.
/// </summary>
public abstract partial class SparsePredictionTransformerBase : ISingleFeaturePredictionTransformer<SparseModelInfo>
{
    /// <summary>Name of the input column that is scored (e.g. "Features").</summary>
    public string FeatureColumnName { get; }

    /// <summary>Type the input column must have (e.g. a vector of 784 Single values).</summary>
    public DataViewType FeatureColumnType => Scorer.InputType;

    /// <summary>Name of the Score column.</summary>
    public string ScoreColumnName { get; }

    /// <summary>The trained network: architecture, layer sizes, active links, density, active neurons.</summary>
    public SparseModelInfo Model => Scorer.Info;

    /// <summary>
    /// What the training run that produced this transformer did (per-epoch metrics, topology rounds, times, the options
    /// chosen from the data); null for a transformer loaded from a file (the summary is not saved).
    /// </summary>
    public SparseTrainingSummary? TrainingSummary { get; internal set; }

    /// <summary>What computes the raw outputs.</summary>
    internal ISparseScorer Scorer { get; }

    /// <summary>The columns this transformer adds, given the input schema.</summary>
    private protected abstract DataViewSchema.DetachedColumn[] GetOutputColumns(DataViewSchema inputSchema);

    /// <summary>The getter of output column <paramref name="index"/> (of <see cref="GetOutputColumns"/>), reading <paramref name="row"/>.</summary>
    private protected abstract Delegate MakeOutputGetter(int index, ScoredRow row);

    /// <summary>Turns raw outputs into the values the getters read (e.g. softmax); once per row.</summary>
    private protected virtual void PostProcess(float[] outputs)
    {
    }

    /// <summary>Throws when the scorer does not fit the task.</summary>
    private protected static void CheckOutputSize(ISparseScorer scorer, int expected, string task)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (scorer.OutputSize != expected)
            throw new ArgumentException($"A {task} model needs {expected} output(s), the scorer produces {scorer.OutputSize}.", nameof(scorer));
    }
}
