// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Buffers.Binary;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// The binary body of POST /predict/batch (Content-Type application/octet-stream): rows of the model's feature count,
/// each value a little-endian 32-bit float, back to back. Parsing JSON numbers costs ~5x more than scoring a sparse
/// row, so high-throughput clients send this instead; the answer is the same JSON array of predictions. Rows with NaN or
/// infinite values are refused with 400 like JSON ones.
/// </summary>
public static class BinaryRows
{
    /// <summary>The content type of a binary batch.</summary>
    public const string ContentType = "application/octet-stream";

    /// <summary>Whether the request carries a binary batch.</summary>
    public static bool IsBinary(HttpRequest request) => JsonContentType.IsMediaType(request.ContentType, ContentType);

    /// <summary>The rows of the body, or the 400/413 result to send instead (a malformed chunked body or one cut short is a 400).</summary>
    public static async Task<(float[][]? Rows, IResult? Error)> ReadAsync(HttpRequest request, int featureCount, int maxRows, ClientErrorLog log)
    {
        long rowBytes = 4L * featureCount, limit = rowBytes * maxRows;
        if (request.ContentLength > limit)
            return (null, RequestReader.Reject(request, log, 413, $"A binary batch holds at most {maxRows} rows of {featureCount} floats ({limit:N0} bytes)."));
        using var buffer = new MemoryStream();
        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(request.HttpContext.RequestAborted);
                foreach (var segment in read.Buffer)
                {
                    if (buffer.Length + segment.Length > limit)
                    {
                        reader.AdvanceTo(read.Buffer.End);
                        return (null, RequestReader.Reject(request, log, 413, $"A binary batch holds at most {maxRows} rows of {featureCount} floats ({limit:N0} bytes)."));
                    }
                    buffer.Write(segment.Span);
                }
                reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                    break;
            }
        }
        catch (BadHttpRequestException ex)
        {
            return (null, RequestReader.Reject(request, log, ex.StatusCode, $"The request body could not be read: {ex.Message}"));
        }
        catch (IOException ex)
        {
            // Kestrel reports some malformed framing (a chunk size that overflows) as a plain IOException.
            return (null, RequestReader.Reject(request, log, 400, $"The request body could not be read: {ex.Message}"));
        }
        catch (OperationCanceledException) when (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return (null, RequestReader.Reject(request, log, 400, "The client closed the connection before the body was read."));
        }
        if (buffer.Length == 0 || buffer.Length % rowBytes != 0)
            return (null, RequestReader.Reject(request, log, 400,
                $"A binary batch is whole rows of {featureCount} little-endian float32 values ({rowBytes} bytes each); got {buffer.Length:N0} bytes."));
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var rows = new float[bytes.Length / rowBytes][];
        for (int r = 0; r < rows.Length; r++)
        {
            var row = rows[r] = new float[featureCount];
            var source = bytes.Slice((int)(r * rowBytes), (int)rowBytes);
            for (int i = 0; i < featureCount; i++)
                row[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
        }
        return (rows, null);
    }
}
