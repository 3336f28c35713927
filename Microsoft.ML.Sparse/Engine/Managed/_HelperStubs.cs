// Temporary stand-ins replaced by the helper branches' real implementations.
namespace Microsoft.ML.Sparse.Engine.Models
{
    internal sealed record MlpLayerWeights(string Name, Microsoft.ML.Sparse.Engine.Managed.LinkPattern Pattern, float[] Values, float[] Bias);

    internal static class MlpExporterStub
    {
        public static Microsoft.ML.Sparse.Inference.SparseMlpInferenceModel Export(IReadOnlyList<MlpLayerWeights> layers, Microsoft.ML.Sparse.Inference.MlpActivation activation)
            => throw new NotImplementedException();
    }
}
