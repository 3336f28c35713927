// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>Where the LayerNorm of each Transformer sub-layer sits.</summary>
internal enum NormPlacement
{
    /// <summary>x = LayerNorm(x + Dropout(Sublayer(x))), as in "Attention is all you need" (default).</summary>
    PostNorm,

    /// <summary>x = x + Dropout(Sublayer(LayerNorm(x))), plus one final LayerNorm after the stack.</summary>
    PreNorm,
}
