// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>Reads a JSON request body under a size limit, turning every client mistake into a problem-details result.</summary>
public static class RequestReader
{
    /// <summary>The body as <typeparamref name="T"/>, or the 400/413 result to send instead.</summary>
    public static async Task<(T? Body, IResult? Error)> ReadJsonAsync<T>(HttpRequest request, long limit, ClientErrorLog log) where T : class
    {
        if (!request.HasJsonContentType())
            return (null, Reject(request, log, 400, "Send a JSON body with Content-Type: application/json."));
        if (request.ContentLength > limit)
            return (null, TooLarge(request, log, limit));
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
            sizeFeature.MaxRequestBodySize = limit;
        try
        {
            var body = await request.ReadFromJsonAsync<T>();
            return body is null ? (null, Reject(request, log, 400, "The JSON body is empty.")) : (body, null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(request, log, limit));
        }
        catch (JsonException ex)
        {
            return (null, Reject(request, log, 400, $"Malformed JSON or a value that is not a number: {ex.Message}"));
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
            422 => "Unprocessable request",
            _ => "Bad request",
        };
        return Results.Problem(detail: detail, statusCode: status, title: title);
    }

    private static IResult TooLarge(HttpRequest request, ClientErrorLog log, long limit) =>
        Reject(request, log, 413, $"The request body is larger than the {limit:N0} bytes this model's requests can need.");
}
