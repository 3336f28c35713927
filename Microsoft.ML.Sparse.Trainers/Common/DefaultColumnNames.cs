// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Trainers;

/// <summary>The column names the options and catalog methods default to (ML.NET's conventions), in one place.</summary>
internal static class DefaultColumnNames
{
    public const string Label = "Label";
    public const string Features = "Features";
    public const string Text = "Text";
    public const string Source = "Source";
    public const string Target = "Target";
    public const string PredictedTarget = "PredictedTarget";
    public const string LogLikelihood = "LogLikelihood";
    public const string TokenCount = "TokenCount";
    public const string Perplexity = "Perplexity";
}
