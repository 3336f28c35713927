// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// Reads a JSON request body under a size limit, turning every client mistake into a problem-details result: a
/// Content-Type that is not UTF-8 JSON (415), a body over the limit (413), malformed JSON, a malformed chunked body or a
/// body cut short (400).
/// </summary>
public static class RequestReader
{
    /// <summary>The body as <typeparamref name="T"/>, or the 4xx result to send instead.</summary>
    public static async Task<(T? Body, IResult? Error)> ReadJsonAsync<T>(HttpRequest request, long limit, ClientErrorLog log) where T : class
    {
        if (JsonContentType.Problem(request.ContentType) is { } problem)
            return (null, Reject(request, log, StatusCodes.Status415UnsupportedMediaType, problem));
        if (request.ContentLength > limit)
            return (null, TooLarge(request, log, limit));
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
            sizeFeature.MaxRequestBodySize = limit;
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, options, request.HttpContext.RequestAborted);
            return body is null ? (null, Reject(request, log, 400, "The JSON body is null.")) : (body, null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(request, log, limit));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, Reject(request, log, ex.StatusCode, $"The request body could not be read: {ex.Message}"));
        }
        catch (JsonException ex)
        {
            return (null, Reject(request, log, 400, $"Malformed JSON or a value that is not a number: {ex.Message}"));
        }
        catch (IOException ex)
        {
            // Kestrel reports some malformed framing (a chunk size that overflows) as a plain IOException.
            return (null, Reject(request, log, 400, $"The request body could not be read: {ex.Message}"));
        }
        catch (OperationCanceledException) when (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return (null, Reject(request, log, 400, "The client closed the connection before the body was read."));
        }
    }

    /// <summary>A problem-details result with <paramref name="status"/>, logged once (rate-limited).</summary>
    public static IResult Reject(HttpRequest request, ClientErrorLog log, int status, string detail)
    {
        ArgumentNullException.ThrowIfNull(log);
        log.Rejected(request, status, detail);
        string title = status switch
        {
            401 => "Unauthorized",
            403 => "Forbidden",
            409 => "Conflict",
            413 => "Request body too large",
            415 => "Unsupported media type",
            422 => "Unprocessable request",
            _ => "Bad request",
        };
        return Results.Problem(detail: detail, statusCode: status, title: title);
    }

    private static IResult TooLarge(HttpRequest request, ClientErrorLog log, long limit) =>
        Reject(request, log, 413, $"The request body is larger than the {limit:N0} bytes this model's requests can need.");
}
