// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.Net.Http.Headers;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// Checks the Content-Type of a JSON body: <c>application/json</c> (or <c>application/*+json</c>) with no charset or a
/// UTF-8 one, quoted or not (<c>charset="utf-8"</c> is legal HTTP). JSON is UTF-8 (RFC 8259), so any other charset,
/// an empty one or a header that does not parse is refused with a reason instead of being handed to a decoder.
/// </summary>
public static class JsonContentType
{
    /// <summary>Why the body cannot be read as JSON, or null when it can.</summary>
    public static string? Problem(string? contentType)
    {
        const string Send = "Send a JSON body with Content-Type: application/json (charset, if any, utf-8).";
        if (string.IsNullOrWhiteSpace(contentType))
            return "The request has no Content-Type. " + Send;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
            return $"Content-Type '{Shorten(contentType)}' does not parse as a media type. {Send}";
        if (!media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            && !(media.Type.Equals("application", StringComparison.OrdinalIgnoreCase) && media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
            return $"Content-Type '{Shorten(contentType)}' is not JSON. {Send}";
        if (!media.Parameters.Any(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)))
            return null;
        string charset = HeaderUtilities.RemoveQuotes(media.Charset).ToString().Trim();
        if (charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            return null;
        return charset.Length == 0
            ? $"Content-Type '{Shorten(contentType)}' has an empty charset. {Send}"
            : $"This server reads JSON in UTF-8 only (RFC 8259); the request says charset '{Shorten(charset)}'. {Send}";
    }

    /// <summary>Whether the media type of <paramref name="contentType"/> is exactly <paramref name="mediaType"/> (parameters ignored).</summary>
    public static bool IsMediaType(string? contentType, string mediaType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
