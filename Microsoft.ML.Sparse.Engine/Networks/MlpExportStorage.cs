// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Networks;

/// <summary>How <see cref="MlpExporter"/> stores the weights of each exported layer.</summary>
internal enum MlpExportStorage
{
    /// <summary>CSR when at most half of the layer's entries are links, dense otherwise.</summary>
    Auto = 0,

    /// <summary>Every layer dense (the size and speed baseline of the same architecture).</summary>
    Dense = 1,
}
