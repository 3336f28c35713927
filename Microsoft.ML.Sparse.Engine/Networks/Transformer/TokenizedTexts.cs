// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>Token-id sequences with one class index each (one split of a text-classification data set).</summary>
internal sealed class TokenizedTexts
{
    /// <param name="ids">Token ids of each text (no padding; may be empty).</param>
    /// <param name="classes">0-based class of each text.</param>
    public TokenizedTexts(IReadOnlyList<IReadOnlyList<int>> ids, IReadOnlyList<int> classes)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(classes);
        if (ids.Count != classes.Count)
            throw new ArgumentException($"{ids.Count} texts but {classes.Count} labels.", nameof(classes));
        Ids = ids;
        Classes = classes;
    }

    public IReadOnlyList<IReadOnlyList<int>> Ids { get; }

    public IReadOnlyList<int> Classes { get; }

    public int Count => Ids.Count;
}
