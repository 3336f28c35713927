// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Security.Cryptography;
using System.Text;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>Checks the bearer token of an admin request in constant time (SHA-256 of both sides, so not even the length leaks).</summary>
public static class AdminToken
{
    /// <summary>Whether <paramref name="request"/> carries <c>Authorization: Bearer &lt;expected&gt;</c>.</summary>
    public static bool Matches(HttpRequest request, string expected)
    {
        ArgumentNullException.ThrowIfNull(request);
        string header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
