// Temporary stand-ins replaced by the helper branches' real implementations.
namespace Microsoft.ML.Sparse.Engine.Managed.Topology
{
    internal sealed class CandidateScores
    {
        public int Rows { get; init; }
        public int Columns { get; init; }
        public int[] RowPointers { get; init; } = [];
        public int[] ColumnIndices { get; init; } = [];
        public float[] Scores { get; init; } = [];
        public int Count => Scores.Length;
    }

    internal static class CsrChLinkPredictor
    {
        public static CandidateScores Score(LinkPattern pattern, LinkPredictor variant, int maxThreads) => throw new NotImplementedException();
    }
}

namespace Microsoft.ML.Sparse.Engine.Models
{
    internal sealed record MlpLayerWeights(string Name, Microsoft.ML.Sparse.Engine.Managed.LinkPattern Pattern, float[] Values, float[] Bias);

    internal static class MlpExporterStub
    {
        public static Microsoft.ML.Sparse.Inference.SparseMlpInferenceModel Export(IReadOnlyList<MlpLayerWeights> layers, Microsoft.ML.Sparse.Inference.MlpActivation activation)
            => throw new NotImplementedException();
    }
}
