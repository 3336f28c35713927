// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>
/// Token-id sentence pairs of one split: sources end with &lt;/s&gt;, targets are &lt;s&gt; … &lt;/s&gt; (at least two ids).
/// </summary>
internal sealed class TranslationCorpus
{
    /// <param name="sources">Source ids per pair.</param>
    /// <param name="targets">Target ids per pair, written &lt;s&gt; … &lt;/s&gt;.</param>
    public TranslationCorpus(IReadOnlyList<int[]> sources, IReadOnlyList<int[]> targets)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(targets);
        if (sources.Count != targets.Count)
            throw new ArgumentException($"{sources.Count} sources but {targets.Count} targets.", nameof(targets));
        if (targets.Any(t => t.Length < 2))
            throw new ArgumentException("Every target needs at least <s> and </s>.", nameof(targets));
        Sources = sources;
        Targets = targets;
    }

    /// <summary>Source ids per pair.</summary>
    public IReadOnlyList<int[]> Sources { get; }

    /// <summary>Target ids per pair.</summary>
    public IReadOnlyList<int[]> Targets { get; }

    /// <summary>Number of pairs.</summary>
    public int Count => Sources.Count;
}
