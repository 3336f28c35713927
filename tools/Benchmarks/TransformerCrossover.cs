// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>One projection shape at one density: forward + backward over the step's tokens with the masked dense product and with the CSR kernels.</summary>
internal sealed record TransformerCrossover(int In, int Out, double Density, double MaskedMs, double CsrMs, bool RulePicksCsr)
{
    /// <summary>Masked time over CSR time.</summary>
    public double Speedup => MaskedMs / CsrMs;
}
