// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Scoring;

/// <summary>
/// What a sparse prediction transformer scores with: maps the value of one input column (a known-size Single vector,
/// a text column, ...) to raw outputs (logits; 1 value for binary classification and regression). The transformer
/// turns the outputs into Score / Probability / PredictedLabel columns, and persists the scorer inside its model-zip
/// entry as <see cref="Kind"/> followed by whatever <see cref="Save"/> writes (see
/// <see cref="Persistence.SparseScorerRegistry"/> for loading).
/// </summary>
/// <remarks>
/// Threading: <see cref="Bind"/> is called once per cursor (PredictionEngines in a pool each have their own) and the
/// returned <see cref="ISparseRowScorer"/> is used by one thread only, so per-cursor state belongs there. Anything the
/// scorer itself shares (weights, modules) must be safe for concurrent reads.
/// </remarks>
internal interface ISparseScorer
{
    /// <summary>Persisted identifier of the implementation.</summary>
    SparseScorerKind Kind { get; }

    /// <summary>The exact type the input column must have (e.g. Vector&lt;Single, 784&gt; or Text).</summary>
    DataViewType InputType { get; }

    /// <summary>Number of raw outputs per row.</summary>
    int OutputSize { get; }

    /// <summary>Read-only description exposed as the transformer's <c>Model</c>.</summary>
    SparseModelInfo Info { get; }

    /// <summary>
    /// Creates the scorer for one cursor: it reads <paramref name="inputColumn"/> of <paramref name="row"/> (whose type
    /// equals <see cref="InputType"/>) and scores the row's current value.
    /// </summary>
    ISparseRowScorer Bind(DataViewRow row, DataViewSchema.Column inputColumn);

    /// <summary>Writes the scorer's payload; the kind byte is written before it by the registry.</summary>
    void Save(BinaryWriter writer);
}
