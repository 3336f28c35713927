// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// One warning line per rejected request (method, path, status, reason; never a stack trace), at most
/// <see cref="LinesPerMinute"/> a minute: beyond that, lines are counted and one summary line says how many were skipped.
/// </summary>
public sealed class ClientErrorLog(ILogger<ClientErrorLog> logger)
{
    /// <summary>Most lines written per minute.</summary>
    public const int LinesPerMinute = 60;

    private readonly object _gate = new();
    private long _windowStart = Environment.TickCount64;
    private int _written, _skipped;

    /// <summary>Records one rejected request.</summary>
    public void Rejected(HttpRequest request, int status, string reason)
    {
        int skipped = 0;
        lock (_gate)
        {
            long now = Environment.TickCount64;
            if (now - _windowStart >= 60_000)
            {
                skipped = _skipped;
                _windowStart = now;
                _written = 0;
                _skipped = 0;
            }
            if (_written >= LinesPerMinute)
            {
                _skipped++;
                return;
            }
            _written++;
        }
        if (skipped > 0)
            logger.LogWarning("{Skipped} more rejected requests were not logged in the last minute", skipped);
        logger.LogWarning("{Status} {Method} {Path}: {Reason}", status, request.Method, request.Path, reason);
    }
}
