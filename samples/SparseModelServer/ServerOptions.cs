// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>Limits of the model server; the defaults suit any model.</summary>
public sealed class ServerOptions
{
    /// <summary>Largest batch accepted by POST /predict/batch. Default 1,024.</summary>
    public int MaxBatch { get; init; } = 1024;

    /// <summary>
    /// Bytes of JSON allowed per feature value when the body limit is sized to the model (default 32: "-1.2345678e-05, "
    /// is 16). A request body may hold rows x features x this + 16 KB; larger bodies get 413.
    /// </summary>
    public int BytesPerValue { get; init; } = 32;

    /// <summary>A fixed body limit in bytes instead of one sized to the model (null, the default, sizes it).</summary>
    public long? MaxRequestBytes { get; init; }

    /// <summary>Adds logging providers to the server's (the console by default); tests capture the log through it.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>The body limit for <paramref name="rows"/> rows of <paramref name="featureCount"/> features.</summary>
    public long RequestLimit(int featureCount, int rows) => MaxRequestBytes ?? (long)rows * featureCount * BytesPerValue + 16 * 1024;
}
