namespace Microsoft.ML.Sparse.Engine.Models.Transformer;

/// <summary>
/// The <see cref="SparseNetwork"/> the topology engine manages for a Transformer: every sparsified linear layer of
/// <see cref="ISparseTransformer.SparseLinears"/>, the chains value → output and w1 → w2 (backward/forward
/// percolation) and the query/key row pairs.
/// </summary>
internal static class SparseTransformerNetwork
{
    /// <summary>Builds the network of <paramref name="model"/>'s sparse layers and percolation structure.</summary>
    public static SparseNetwork Create(ISparseTransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var network = new SparseNetwork(model.SparseLinears);
        foreach (var (upstream, downstream) in model.Chains)
            network.AddChain(upstream, downstream);
        foreach (var (query, key) in model.RowPairs)
            network.AddRowPair(query, key);
        return network;
    }
}
