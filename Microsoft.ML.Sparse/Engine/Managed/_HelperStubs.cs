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

namespace Microsoft.ML.Sparse.Engine.Managed.Initialization
{
    internal static class ManagedTopologyInitializer
    {
        public static LinkPattern Create(TopologyInitialization kind, int rows, int columns, long links, SparseTopologyOptions options,
            float[]? inputCorrelation, int correlationSize, ManagedRandom random) => throw new NotImplementedException();
    }

    internal static class ManagedWeightInit
    {
        public static float[] Values(SparseWeightInitialization kind, int rows, int columns, int links, ManagedRandom random) => throw new NotImplementedException();
    }

    internal static class ManagedCorrelatedTopology
    {
        public static float[] PearsonCorrelation(float[] features, int rows, int featureCount) => throw new NotImplementedException();
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
