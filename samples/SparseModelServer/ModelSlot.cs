// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// The live model and its version. <see cref="Reload"/> loads the file into a new <see cref="ModelHost"/> first and
/// swaps it in with one atomic reference write, so requests in flight finish on the model they started with and no
/// request fails during a swap; a file that does not load, or a model of another task or input shape (unless the caller
/// allows it), leaves the live model in place. Files larger than the cap are refused before a byte is read. A slot made
/// with <see cref="Unloaded"/> has no model until the first successful <see cref="Reload"/> (the server is then not ready).
/// </summary>
public sealed class ModelSlot
{
    private readonly object _reloadGate = new();
    private readonly long _maxBytes;
    private volatile LiveModel? _live;
    private volatile string? _lastLoadError;
    private long _reloads, _loadFailures;

    /// <summary>Loads <paramref name="modelPath"/> as version 1.</summary>
    /// <exception cref="ModelLoadException">The file is missing, larger than <paramref name="maxModelBytes"/>, or does not load; the message says why.</exception>
    public ModelSlot(string modelPath, long maxModelBytes = ServerOptions.DefaultMaxModelBytes)
        : this(modelPath, maxModelBytes, loadNow: true)
    {
    }

    private ModelSlot(string modelPath, long maxModelBytes, bool loadNow)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxModelBytes);
        ModelPath = modelPath;
        _maxBytes = maxModelBytes;
        if (loadNow)
            _live = Load(1);
    }

    /// <summary>A slot for <paramref name="modelPath"/> with no model yet; <see cref="Reload"/> loads it as version 1.</summary>
    public static ModelSlot Unloaded(string modelPath, long maxModelBytes = ServerOptions.DefaultMaxModelBytes) => new(modelPath, maxModelBytes, loadNow: false);

    /// <summary>The model file this slot serves.</summary>
    public string ModelPath { get; }

    /// <summary>The model serving requests now, or null while none has loaded; read it once per request.</summary>
    public LiveModel? Live => _live;

    /// <summary>Why the last load or reload failed, or null when the last one succeeded (or none was tried).</summary>
    public string? LastLoadError => _lastLoadError;

    /// <summary>Reloads that swapped a new model in (the first load of an <see cref="Unloaded"/> slot included).</summary>
    public long Reloads => Interlocked.Read(ref _reloads);

    /// <summary>Loads and reloads whose file did not load.</summary>
    public long LoadFailures => Interlocked.Read(ref _loadFailures);

    /// <summary>The live model; when there is none yet, loads the file as version 1 first.</summary>
    /// <exception cref="ModelLoadException">There is no live model and the file does not load.</exception>
    public LiveModel EnsureLoaded()
    {
        lock (_reloadGate)
            return _live ?? Reload().Live;
    }

    /// <summary>
    /// Loads the model file again and makes it live when it has the live model's task and input shape, or when
    /// <paramref name="allowShapeChange"/> is true. With no live model yet, a file that loads becomes version 1.
    /// </summary>
    /// <exception cref="ModelLoadException">The file does not load; the live model (if any) stays.</exception>
    public ReloadResult Reload(bool allowShapeChange = false)
    {
        lock (_reloadGate)
        {
            var live = _live;
            LiveModel next;
            try
            {
                next = Load(live is null ? 1 : live.Version + 1);
            }
            catch (ModelLoadException ex)
            {
                Interlocked.Increment(ref _loadFailures);
                _lastLoadError = ex.Message;
                throw;
            }
            _lastLoadError = null;
            string? change = live is null || next.Host.Shape == live.Host.Shape ? null : $"{live.Host.Shape} -> {next.Host.Shape}";
            if (change is not null && !allowShapeChange)
                return new ReloadResult(live!, false, change);
            _live = next;
            Interlocked.Increment(ref _reloads);
            return new ReloadResult(next, true, change);
        }
    }

    private LiveModel Load(int version)
    {
        var file = new FileInfo(ModelPath);
        if (!file.Exists)
            throw new ModelLoadException($"Model file '{ModelPath}' not found. Train one first (see README) or pass --model <path>.");
        if (file.Length > _maxBytes)
            throw TooLarge(file.Length);
        // Load a private copy of the bytes that were hashed, even if the file is being replaced meanwhile; the copy is
        // streamed (never held in memory) and stops at the cap if the file grows while it is read.
        string copy = Path.Combine(Path.GetTempPath(), $"mlsparse-server-{Guid.NewGuid():N}.zip");
        try
        {
            string sha = CopyAndHash(copy);
            using var stream = File.OpenRead(copy);
            return new LiveModel(new ModelHost(stream), version, sha, DateTimeOffset.UtcNow);
        }
        catch (Exception ex) when (ex is not ModelLoadException and not OutOfMemoryException)
        {
            var cause = ex;
            while (cause is TargetInvocationException { InnerException: { } inner })
                cause = inner;
            throw new ModelLoadException($"Model file '{ModelPath}': {cause.Message}", cause);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    private string CopyAndHash(string copy)
    {
        using var source = File.OpenRead(ModelPath);
        using var target = File.Create(copy);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        for (int read; (read = source.Read(buffer)) > 0;)
        {
            total += read;
            if (total > _maxBytes)
                throw TooLarge(total);
            sha.AppendData(buffer, 0, read);
            target.Write(buffer, 0, read);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    private ModelLoadException TooLarge(long bytes) => new(string.Format(CultureInfo.InvariantCulture,
        "Model file '{0}' is larger than this server's cap of {1:N0} bytes (it has at least {2:N0}) and was not loaded; raise the cap " +
        "(ServerOptions.MaxModelBytes, --max-model-mb) if the model is really that large.", ModelPath, _maxBytes, bytes));
}
