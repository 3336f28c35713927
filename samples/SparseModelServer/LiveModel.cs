// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>A loaded model and the version the server reports for it.</summary>
/// <param name="Host">The model and its prediction engines.</param>
/// <param name="Version">1 for the model loaded at start, +1 per reload.</param>
/// <param name="Sha256">The first 16 hex digits of the model file's SHA-256.</param>
/// <param name="LoadedAt">When it was loaded.</param>
public sealed record LiveModel(ModelHost Host, int Version, string Sha256, DateTimeOffset LoadedAt);
