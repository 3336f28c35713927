// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>Progress of a comparison.</summary>
/// <param name="Completed">Runs finished so far.</param>
/// <param name="Total">Runs in the comparison.</param>
/// <param name="Message">What is happening, e.g. "CHTs @ 1.0%, seed 2: accuracy 0.8712".</param>
public sealed record ComparisonProgress(int Completed, int Total, string Message);
