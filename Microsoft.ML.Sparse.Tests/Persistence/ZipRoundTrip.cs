// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>Saving and loading through ML.NET's model zip.</summary>
internal static class ZipRoundTrip
{
    public static byte[] Save(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, inputSchema, stream);
        return stream.ToArray();
    }

    /// <summary>Loads in a fresh MLContext.</summary>
    public static ITransformer Load(byte[] zip, out DataViewSchema inputSchema)
    {
        using var stream = new MemoryStream(zip);
        return new MLContext(seed: 7).Model.Load(stream, out inputSchema);
    }

    public static ITransformer RoundTrip(MLContext ml, ITransformer model, DataViewSchema inputSchema) => Load(Save(ml, model, inputSchema), out _);

    /// <summary>The only transformer of a loaded single-transformer model (ML.NET wraps it in a chain).</summary>
    public static T Single<T>(ITransformer loaded) where T : class
    {
        if (loaded is T direct)
            return direct;
        var chain = loaded as TransformerChain<ITransformer> ?? throw new AssertFailedException($"Loaded {loaded.GetType()}, expected a chain.");
        Assert.HasCount(1, chain);
        return chain.Single() as T ?? throw new AssertFailedException($"Loaded {chain.Single().GetType()}, expected {typeof(T)}.");
    }
}
