// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// POST /admin/reload: disabled (403) unless <see cref="ServerOptions.AdminToken"/> is set, then it needs
/// <c>Authorization: Bearer &lt;token&gt;</c> (401 otherwise). The file is loaded into a new host and swapped in
/// atomically; a file that does not load gets 422 with the reason, a model of another task or input shape gets 409
/// unless the request says <c>?allowShapeChange=true</c> (then the answer says what changed). The live model stays on
/// every refusal.
/// </summary>
public static class AdminEndpoints
{
    /// <summary>Maps the endpoint onto <paramref name="app"/>.</summary>
    public static void Map(WebApplication app, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        app.MapPost("/admin/reload", (HttpRequest request, ModelSlot slot, ClientErrorLog log) =>
        {
            if (options.AdminToken is null)
                return RequestReader.Reject(request, log, 403,
                    $"Reload is disabled. Start the server with the environment variable {ServerOptions.AdminTokenVariable} set to a secret of at least " +
                    $"{ServerOptions.MinAdminTokenLength} characters and send it as 'Authorization: Bearer <token>'.");
            if (!AdminToken.Matches(request, options.AdminToken))
            {
                request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return RequestReader.Reject(request, log, 401, "POST /admin/reload needs 'Authorization: Bearer <token>' with the server's admin token.");
            }
            bool allowShapeChange = request.Query["allowShapeChange"].ToString() is var flag
                && (flag.Equals("true", StringComparison.OrdinalIgnoreCase) || flag == "1");
            ReloadResult result;
            try
            {
                result = slot.Reload(allowShapeChange);
            }
            catch (ModelLoadException ex)
            {
                return RequestReader.Reject(request, log, 422, slot.Live is { } stays
                    ? $"{ex.Message} Nothing changed: version {stays.Version} stays live."
                    : $"{ex.Message} No model is loaded; this replica stays not ready.");
            }
            var live = result.Live;
            if (!result.Swapped)
                return RequestReader.Reject(request, log, 409,
                    $"'{slot.ModelPath}' was not swapped in: it changes the model ({result.ShapeChange}), so clients of the live model would fail; " +
                    $"version {live.Version} stays live. Reload with POST /admin/reload?allowShapeChange=true to switch anyway.");
            return Results.Ok(new
            {
                modelVersion = live.Version,
                modelSha256 = live.Sha256,
                shape = live.Host.Shape,
                shapeChanged = result.ShapeChange is not null,
                warning = result.ShapeChange is { } change
                    ? $"The model's task or input changed ({change}); clients must now send {live.Host.FeatureCount} features."
                    : null,
            });
        });
    }
}
