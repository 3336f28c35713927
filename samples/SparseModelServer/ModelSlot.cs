// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Security.Cryptography;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// The live model and its version. <see cref="Reload"/> loads the file into a new <see cref="ModelHost"/> first and
/// swaps it in with one atomic reference write, so requests in flight finish on the model they started with and no
/// request fails during a swap; a file that does not load leaves the live model in place.
/// </summary>
public sealed class ModelSlot
{
    private readonly object _reloadGate = new();
    private volatile LiveModel _live;

    /// <summary>Loads <paramref name="modelPath"/> as version 1.</summary>
    public ModelSlot(string modelPath)
    {
        ModelPath = modelPath;
        _live = Load(modelPath, 1);
    }

    /// <summary>The model file this slot serves.</summary>
    public string ModelPath { get; }

    /// <summary>The model serving requests now; read it once per request.</summary>
    public LiveModel Live => _live;

    /// <summary>Loads the model file again and makes it live; returns the new live model (throws, leaving the old one live, when the file does not load).</summary>
    public LiveModel Reload()
    {
        lock (_reloadGate)
        {
            var next = Load(ModelPath, _live.Version + 1);
            _live = next;
            return next;
        }
    }

    private static LiveModel Load(string path, int version)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        string copy = Path.Combine(Path.GetTempPath(), $"mlsparse-server-{Guid.NewGuid():N}.zip");
        File.WriteAllBytes(copy, bytes); // load the bytes that were hashed, even if the file is being replaced meanwhile
        try
        {
            return new LiveModel(new ModelHost(copy), version, sha, DateTimeOffset.UtcNow);
        }
        finally
        {
            File.Delete(copy);
        }
    }
}

/// <summary>A loaded model and the version the server reports for it.</summary>
/// <param name="Host">The model and its prediction engines.</param>
/// <param name="Version">1 for the model loaded at start, +1 per reload.</param>
/// <param name="Sha256">The first 16 hex digits of the model file's SHA-256.</param>
/// <param name="LoadedAt">When it was loaded.</param>
public sealed record LiveModel(ModelHost Host, int Version, string Sha256, DateTimeOffset LoadedAt);
