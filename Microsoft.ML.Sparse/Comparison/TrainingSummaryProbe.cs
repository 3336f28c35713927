using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>Finds the <see cref="SparseTrainingSummary"/> of a fitted sparse trainer, alone or at the end of a pipeline.</summary>
internal static class TrainingSummaryProbe
{
    public static SparseTrainingSummary? Find(IEstimator<ITransformer> estimator)
    {
        // EstimatorChain<T> exposes its last estimator only through a public field of the generic type.
        IEstimator<ITransformer>? current = estimator;
        for (int depth = 0; depth < 16 && current is not null; depth++)
        {
            if (current is ISparseTrainingSummarySource source)
                return source.LastTrainingSummary;
            var type = current.GetType();
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(EstimatorChain<>))
                return null;
            current = type.GetField(nameof(EstimatorChain<ITransformer>.LastEstimator))?.GetValue(current) as IEstimator<ITransformer>;
        }
        return null;
    }
}
