// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core;

/// <summary>The link-regrowth rule's constant, shared by the CSR and TorchSharp rounds.</summary>
internal static class RegrowthRule
{
    /// <summary>
    /// Added to every non-link's score when fewer non-links than the links to grow have a positive score (the reference
    /// code's rule), which is also how neurons emptied by percolation can reconnect.
    /// </summary>
    public const double Epsilon = 1e-5;
}
