// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse;

/// <summary>What one trained translator measured: test BLEU, training time, model zip size and its test translations.</summary>
internal sealed record MethodResult(SparseTrainingMethod Method, double Density, double Bleu, double Bleu2, TimeSpan TrainingTime, long ZipBytes,
                                    IReadOnlyList<string> Translations);
