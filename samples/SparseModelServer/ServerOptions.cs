// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>Limits and secrets of the model server; the defaults suit any model and leave reload disabled.</summary>
public sealed class ServerOptions
{
    /// <summary>The default <see cref="MaxModelBytes"/>: 256 MiB (the dense 784-1568x3-10 MLP zips to 22 MB, its 1% sparse model to 0.4 MB).</summary>
    public const long DefaultMaxModelBytes = 256L << 20;

    /// <summary>The shortest <see cref="AdminToken"/> accepted.</summary>
    public const int MinAdminTokenLength = 16;

    /// <summary>The environment variable <c>Program</c> reads <see cref="AdminToken"/> from.</summary>
    public const string AdminTokenVariable = "MLSPARSE_ADMIN_TOKEN";

    /// <summary>Largest batch accepted by POST /predict/batch. Default 1,024.</summary>
    public int MaxBatch { get; init; } = 1024;

    /// <summary>
    /// Bytes of JSON allowed per feature value when the body limit is sized to the model (default 32: "-1.2345678e-05, "
    /// is 16). A request body may hold rows x features x this + 16 KB; larger bodies get 413.
    /// </summary>
    public int BytesPerValue { get; init; } = 32;

    /// <summary>A fixed body limit in bytes instead of one sized to the model (null, the default, sizes it).</summary>
    public long? MaxRequestBytes { get; init; }

    /// <summary>Largest model file loaded at start or by a reload; a larger file is refused before it is read. Default 256 MiB.</summary>
    public long MaxModelBytes { get; init; } = DefaultMaxModelBytes;

    /// <summary>
    /// The bearer token POST /admin/reload requires (<c>Authorization: Bearer &lt;token&gt;</c>), at least
    /// <see cref="MinAdminTokenLength"/> characters. Null (the default) disables reload: the endpoint answers 403.
    /// </summary>
    public string? AdminToken { get; init; }

    /// <summary>
    /// Start serving before the model has loaded (default false: a model that does not load stops the start). When true,
    /// the server starts at once, answers 503 on GET /health/ready and the model endpoints until the file loads, and tries
    /// to load it every <see cref="ModelRetryInterval"/> (a replica may start before the model is published to the shared location).
    /// </summary>
    public bool LoadModelInBackground { get; init; }

    /// <summary>How long the background load waits after a failed try (default 5 s); used with <see cref="LoadModelInBackground"/>.</summary>
    public TimeSpan ModelRetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Adds logging providers to the server's (the console by default); tests capture the log through it.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>The body limit for <paramref name="rows"/> rows of <paramref name="featureCount"/> features.</summary>
    public long RequestLimit(int featureCount, int rows) => MaxRequestBytes ?? (long)rows * featureCount * BytesPerValue + 16 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the option and the fix when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxBatch < 1)
            throw new ArgumentException($"MaxBatch must be at least 1; got {MaxBatch}.");
        if (BytesPerValue < 1)
            throw new ArgumentException($"BytesPerValue must be at least 1; got {BytesPerValue}.");
        if (MaxModelBytes < 1)
            throw new ArgumentException($"MaxModelBytes must be at least 1; got {MaxModelBytes}.");
        if (ModelRetryInterval <= TimeSpan.Zero)
            throw new ArgumentException($"ModelRetryInterval must be positive; got {ModelRetryInterval}.");
        if (AdminToken is { } token && (token.Length < MinAdminTokenLength || token.Any(char.IsWhiteSpace)))
            throw new ArgumentException($"The admin token ({AdminTokenVariable}) must be at least {MinAdminTokenLength} characters without spaces; " +
                "generate one with: openssl rand -hex 32");
    }
}
