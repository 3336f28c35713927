// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Collections.Concurrent;
using Microsoft.ML.Sparse.Scoring;

namespace Microsoft.ML.Sparse.Persistence;

/// <summary>
/// Persists the scorer of a sparse prediction transformer as one kind byte (<see cref="SparseScorerKind"/>) followed
/// by the scorer's own payload, and maps kinds back to loaders.
/// </summary>
/// <remarks>
/// <para>Adding a scorer kind (e.g. the text Transformer): give it a <see cref="SparseScorerKind"/> value, implement
/// <see cref="ISparseScorer.Save"/> and a static <c>Load(BinaryReader)</c>, and add one line to
/// <see cref="BuiltInLoaders"/>: <c>[SparseScorerKind.TextTransformer] = reader => TextTransformerScorer.Load(reader),</c>.
/// Use a lambda as shown: the scorer's type (and anything it references, such as TorchSharp) is then loaded only
/// when a model of that kind is read, so MLP-only apps never load it. The transformers need no change.</para>
/// <para>Loaders must throw <see cref="InvalidDataException"/> for corrupt data (end-of-stream and argument errors
/// are converted here). <see cref="Register"/> adds or replaces a loader at run time (tests, plugins).</para>
/// </remarks>
internal static class SparseScorerRegistry
{
    private static readonly ConcurrentDictionary<SparseScorerKind, SparseScorerLoader> Loaders = new(BuiltInLoaders());

    /// <summary>The loaders known without registration. Add new built-in kinds here (with a lambda).</summary>
    private static Dictionary<SparseScorerKind, SparseScorerLoader> BuiltInLoaders() => new()
    {
        [SparseScorerKind.Mlp] = reader => MlpScorer.Load(reader),
        [SparseScorerKind.TextTransformer] = reader => TextClassification.TextTransformerScorer.Load(reader),
    };

    /// <summary>Adds or replaces the loader of <paramref name="kind"/>.</summary>
    public static void Register(SparseScorerKind kind, SparseScorerLoader loader)
    {
        ArgumentNullException.ThrowIfNull(loader);
        Loaders[kind] = loader;
    }

    /// <summary>Whether a loader for <paramref name="kind"/> is known.</summary>
    public static bool IsRegistered(SparseScorerKind kind) => Loaders.ContainsKey(kind);

    /// <summary>Writes the kind byte and the scorer's payload.</summary>
    public static void Save(BinaryWriter writer, ISparseScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(scorer);
        writer.Write((byte)scorer.Kind);
        scorer.Save(writer);
    }

    /// <summary>Reads a scorer written by <see cref="Save"/>; throws <see cref="InvalidDataException"/> when the data is corrupt.</summary>
    public static ISparseScorer Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            var kind = (SparseScorerKind)reader.ReadByte();
            if (!Loaders.TryGetValue(kind, out var loader))
                throw new InvalidDataException($"The sparse model is corrupt or needs a newer Microsoft.ML.Sparse: unknown scorer kind {(byte)kind}.");
            return loader(reader) ?? throw new InvalidDataException($"The loader of scorer kind {kind} returned nothing.");
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The sparse model is corrupt or truncated: its scorer data ends too early.", ex);
        }
    }
}
