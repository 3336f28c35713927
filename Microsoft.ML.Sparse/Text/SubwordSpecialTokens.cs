// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Text;

/// <summary>The special tokens every <see cref="SubwordVocabulary"/> starts with, at fixed ids 0..3.</summary>
internal static class SubwordSpecialTokens
{
    /// <summary>Padding token (id 0).</summary>
    public const string Pad = "<pad>";

    /// <summary>Unknown character (id 1).</summary>
    public const string Unknown = "<unk>";

    /// <summary>Beginning of sequence (id 2).</summary>
    public const string Begin = "<s>";

    /// <summary>End of sequence (id 3).</summary>
    public const string End = "</s>";

    /// <summary>Id of <see cref="Pad"/>.</summary>
    public const int PadId = 0;

    /// <summary>Id of <see cref="Unknown"/>.</summary>
    public const int UnknownId = 1;

    /// <summary>Id of <see cref="Begin"/>.</summary>
    public const int BeginId = 2;

    /// <summary>Id of <see cref="End"/>.</summary>
    public const int EndId = 3;

    /// <summary>The four tokens in id order.</summary>
    public static IReadOnlyList<string> All { get; } = new[] { Pad, Unknown, Begin, End };
}
