// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Resources of one candidate's runs: resident memory before, the peak while training, evaluating and scoring, and the
/// process CPU time they took (all threads; less sensitive than wall time to other load on a shared machine).
/// </summary>
internal sealed record MlpRunMemory(long RssBeforeBytes, long PeakBytes, bool PeakIsPerRun, double CpuSeconds);
