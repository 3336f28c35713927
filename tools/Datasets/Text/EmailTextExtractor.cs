// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>
/// A small MIME reader, just enough to get the readable text out of the SpamAssassin e-mails:
/// header unfolding, multipart splitting, base64/quoted-printable decoding, RFC 2047 subjects and HTML stripping.
/// </summary>
internal static partial class EmailTextExtractor
{
    private const int MaxMimeDepth = 6;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Applies <paramref name="cleanup"/> to a raw message.</summary>
    public static string Extract(string rawMessage, EmailCleanup cleanup)
    {
        if (cleanup == EmailCleanup.None)
            return rawMessage;
        string message = rawMessage.Replace("\r\n", "\n");
        var (headers, body) = SplitHeaders(message);
        string subject = DecodeEncodedWords(headers.TryGetValue("subject", out var s) ? s : "");
        if (cleanup == EmailCleanup.StripHeaders)
            return subject + "\n" + body;
        string text = ExtractText(headers, body, 0);
        return CollapseWhitespace(subject + "\n" + text);
    }

    /// <summary>Decodes bytes as UTF-8 when they are valid UTF-8, else as Latin-1 (every byte is a character).</summary>
    public static string DecodeBytes(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    /// <summary>Splits at the first empty line and parses (unfolds) the header block; names are case-insensitive, first wins.</summary>
    internal static (Dictionary<string, string> Headers, string Body) SplitHeaders(string part)
    {
        int split = part.StartsWith('\n') ? 0 : part.IndexOf("\n\n", StringComparison.Ordinal);
        string headerBlock = split < 0 ? part : part[..split];
        string body = split < 0 ? "" : part[(split + (split == 0 ? 1 : 2))..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? name = null;
        var value = new StringBuilder();
        foreach (string line in headerBlock.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && name != null)
            {
                value.Append(' ').Append(line.Trim());
                continue;
            }
            Flush();
            int colon = line.IndexOf(':');
            if (colon > 0)
            {
                name = line[..colon].Trim();
                value.Clear().Append(line[(colon + 1)..].Trim());
            }
        }
        Flush();
        return (headers, body);

        void Flush()
        {
            if (name != null)
                headers.TryAdd(name, value.ToString());
            name = null;
            value.Clear();
        }
    }

    private static string ExtractText(Dictionary<string, string> headers, string body, int depth)
    {
        string contentType = headers.TryGetValue("content-type", out var ct) ? ct : "text/plain";
        string mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType.Length == 0)
            mediaType = "text/plain";
        string encoding = headers.TryGetValue("content-transfer-encoding", out var cte) ? cte.Trim().ToLowerInvariant() : "";

        if (mediaType.StartsWith("multipart/", StringComparison.Ordinal) && depth < MaxMimeDepth)
        {
            var boundary = BoundaryRegex().Match(contentType);
            if (!boundary.Success)
                return Decode(body, encoding);
            var texts = new List<string>();
            foreach (string part in SplitMultipart(body, boundary.Groups[1].Value.Trim()))
            {
                var (partHeaders, partBody) = SplitHeaders(part);
                string text = ExtractText(partHeaders, partBody, depth + 1);
                if (text.Length > 0)
                    texts.Add(text);
            }
            return string.Join("\n", texts);
        }
        if (mediaType == "message/rfc822" && depth < MaxMimeDepth)
        {
            var (innerHeaders, innerBody) = SplitHeaders(body);
            return ExtractText(innerHeaders, innerBody, depth + 1);
        }
        if (!mediaType.StartsWith("text/", StringComparison.Ordinal))
            return "";
        string decoded = Decode(body, encoding);
        // Many spams send HTML labelled text/plain (or with no Content-Type at all).
        bool html = mediaType == "text/html" || decoded.Contains("<html", StringComparison.OrdinalIgnoreCase)
                                             || decoded.Contains("<body", StringComparison.OrdinalIgnoreCase);
        return html ? StripHtml(decoded) : decoded;
    }

    private static IEnumerable<string> SplitMultipart(string body, string boundary)
    {
        string delimiter = "--" + boundary;
        var current = new StringBuilder();
        bool inPart = false;
        foreach (string line in body.Split('\n'))
        {
            if (line.StartsWith(delimiter, StringComparison.Ordinal))
            {
                if (inPart)
                    yield return current.ToString();
                current.Clear();
                bool closing = line.AsSpan(delimiter.Length).StartsWith("--");
                inPart = !closing;
                if (closing)
                    yield break;
                continue;
            }
            if (inPart)
                current.Append(line).Append('\n');
        }
        if (inPart && current.Length > 0)
            yield return current.ToString();
    }

    private static string Decode(string body, string transferEncoding)
    {
        switch (transferEncoding)
        {
            case "base64":
                string compact = WhitespaceRegex().Replace(body, "");
                var buffer = new byte[compact.Length];
                // Trailing garbage after the base64 block is common in spam: decode the longest valid prefix.
                int usable = compact.Length - compact.Length % 4;
                while (usable > 0)
                {
                    if (Convert.TryFromBase64String(compact[..usable], buffer, out int written))
                        return DecodeBytes(buffer[..written]);
                    usable -= 4;
                }
                return "";
            case "quoted-printable":
                return DecodeBytes(DecodeQuotedPrintable(body));
            default:
                return body;
        }
    }

    private static byte[] DecodeQuotedPrintable(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '=' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++; // soft line break
                continue;
            }
            if (c == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
                continue;
            }
            if (c < 256)
                bytes.Add((byte)c);
            else
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
        }
        return bytes.ToArray();
    }

    /// <summary>Removes comments, script/style blocks and tags, and decodes entities.</summary>
    internal static string StripHtml(string html)
    {
        string text = HtmlCommentRegex().Replace(html, " ");
        text = HtmlScriptOrStyleRegex().Replace(text, " ");
        text = HtmlBreakRegex().Replace(text, "\n");
        text = HtmlTagRegex().Replace(text, " ");
        return WebUtility.HtmlDecode(text);
    }

    /// <summary>Decodes RFC 2047 encoded words (=?charset?B|Q?...?=) as UTF-8 or Latin-1.</summary>
    internal static string DecodeEncodedWords(string header) =>
        EncodedWordRegex().Replace(header, m =>
        {
            string payload = m.Groups[2].Value;
            if (m.Groups[1].Value.Equals("B", StringComparison.OrdinalIgnoreCase))
            {
                var buffer = new byte[payload.Length];
                return Convert.TryFromBase64String(payload, buffer, out int n) ? DecodeBytes(buffer[..n]) : m.Value;
            }
            return DecodeBytes(DecodeQuotedPrintable(payload.Replace('_', ' ')));
        });

    private static string CollapseWhitespace(string text) => WhitespaceRegex().Replace(text, " ").Trim();

    [GeneratedRegex(@"boundary\s*=\s*""?([^"";]+)""?", RegexOptions.IgnoreCase)]
    private static partial Regex BoundaryRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlCommentRegex();

    [GeneratedRegex(@"<(script|style)\b.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex HtmlScriptOrStyleRegex();

    [GeneratedRegex(@"<\s*(br|/p|/div|/tr|/li|/h\d)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlBreakRegex();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.Singleline)]
    private static partial Regex HtmlTagRegex();

    [GeneratedRegex(@"=\?[^?]+\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWordRegex();
}
