namespace Microsoft.ML.Sparse.Trainers;

/// <summary>
/// A sparse trainer that records what its last <c>Fit</c> did. Lets tools that only see an
/// <see cref="IEstimator{TTransformer}"/> (e.g. <see cref="Comparison.SparseComparison"/>) report epochs, topology
/// rounds and the time they took. Every sparse trainer should implement it.
/// </summary>
internal interface ISparseTrainingSummarySource
{
    /// <summary>What the last Fit did, or null before the first.</summary>
    SparseTrainingSummary? LastTrainingSummary { get; }
}
