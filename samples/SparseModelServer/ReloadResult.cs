// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>What <see cref="ModelSlot.Reload"/> did.</summary>
/// <param name="Live">The model live after the call (the new one when <paramref name="Swapped"/>, else the old one).</param>
/// <param name="Swapped">Whether the new model went live.</param>
/// <param name="ShapeChange">How the new model's task or input differs from the old one's ("multiclass, 64 features in
/// 'Features' -> regression, 10 features in 'Features'"), or null when they are the same. A change is swapped in only
/// when the caller allowed it.</param>
public sealed record ReloadResult(LiveModel Live, bool Swapped, string? ShapeChange);
