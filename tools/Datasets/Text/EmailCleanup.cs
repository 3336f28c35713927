// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>How much of a raw e-mail <see cref="SpamAssassinCorpus"/> keeps.</summary>
public enum EmailCleanup
{
    /// <summary>The raw message, headers and MIME structure included.</summary>
    None,

    /// <summary>The Subject line and the raw body; all other headers are removed.</summary>
    StripHeaders,

    /// <summary>
    /// The Subject line and the readable text of the body: MIME parts that are not text are dropped,
    /// base64 and quoted-printable parts are decoded, HTML tags are removed and entities decoded,
    /// whitespace is collapsed to single spaces.
    /// </summary>
    Full,
}
