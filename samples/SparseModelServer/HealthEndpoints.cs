// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// What a load balancer and an operator read: GET /health/live (200 while the process serves HTTP; restart it when this
/// fails), GET /health/ready (200 only while a model is loaded; 503 before the first load, while it is being retried and
/// after it failed, with the reason) and GET /metrics (Prometheus text, <see cref="PrometheusText"/>). A reload that
/// fails keeps the previous model live, so the replica stays ready; the failure shows in the ready body and the metrics.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Maps the endpoints onto <paramref name="app"/>.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        app.MapGet("/health/ready", (ModelSlot slot, HttpContext context) =>
        {
            var live = slot.Live;
            if (live is null)
            {
                context.Response.Headers.RetryAfter = "5";
                return Results.Json(new { status = "not ready", reason = slot.LastLoadError ?? "The model is loading.", modelPath = slot.ModelPath },
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            return Results.Ok(new { status = "ready", modelVersion = live.Version, modelSha256 = live.Sha256, loadedAt = live.LoadedAt, lastReloadError = slot.LastLoadError });
        });
        app.MapGet("/metrics", (ModelSlot slot, ServerMetrics metrics) => Results.Text(PrometheusText.Write(metrics, slot), PrometheusText.ContentType));
    }
}
