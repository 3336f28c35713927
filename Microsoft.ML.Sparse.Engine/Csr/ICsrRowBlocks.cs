// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Csr;

/// <summary>
/// Training rows that the managed engine reads one bounded block at a time (the MLP trainers' streaming path) instead of
/// holding them all: each epoch enumerates the blocks in a seeded order, and a block is valid until the next is read.
/// </summary>
internal interface ICsrRowBlocks
{
    /// <summary>Rows of the whole training set (all blocks together).</summary>
    int RowCount { get; }

    /// <summary>Values per row.</summary>
    int FeatureCount { get; }

    /// <summary>The blocks of epoch <paramref name="epoch"/>, each ready to train on (standardised, labels checked).</summary>
    IEnumerable<CsrRows> Blocks(int epoch);
}
