// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>The sentence pairs <see cref="TranslationBenchmark"/> trains and tests on (<c>--corpus</c>).</summary>
internal enum TranslationCorpus
{
    /// <summary>Ding EN→DE dictionary sentences (GPL data: examples are printed, never written to the report).</summary>
    Ding,

    /// <summary>KJV → Reina-Valera 1909 Bible verses, split by chapter (public domain: examples go into the report).</summary>
    Bible,
}
