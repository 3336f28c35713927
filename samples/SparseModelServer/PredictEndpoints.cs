// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// GET /health, GET /model, POST /predict and POST /predict/batch. Client mistakes (a Content-Type that is not UTF-8
/// JSON, malformed or non-finite numbers, wrong sizes, bodies larger than the model can need) get 4xx problem details
/// and one rate-limited log line; a score that would not be finite is refused with 400, so answers are valid JSON.
/// Before a model has loaded (<see cref="ServerOptions.LoadModelInBackground"/>) they answer 503 with Retry-After.
/// </summary>
public static class PredictEndpoints
{
    /// <summary>Maps the endpoints onto <paramref name="app"/>.</summary>
    public static void Map(WebApplication app, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        app.MapGet("/health", (ModelSlot slot, HttpContext context) =>
        {
            if (slot.Live is not { } live)
                return NotLoaded(context, slot);
            return Results.Ok(new { status = "ok", modelVersion = live.Version, modelSha256 = live.Sha256, loadedAt = live.LoadedAt });
        });
        app.MapGet("/model", (ModelSlot slot, HttpContext context) =>
        {
            if (slot.Live is not { } live)
                return NotLoaded(context, slot);
            var host = live.Host;
            return Results.Ok(new
            {
                featureColumn = host.FeatureColumn,
                featureCount = host.FeatureCount,
                classes = host.ClassNames,
                kind = host.Kind,
                modelVersion = live.Version,
            });
        });
        app.MapPost("/predict", async (HttpRequest request, ModelSlot slot, ClientErrorLog log) =>
        {
            if (slot.Live is not { Host: var host })
                return NotLoaded(request.HttpContext, slot);
            var (body, error) = await RequestReader.ReadJsonAsync<PredictRequest>(request, options.RequestLimit(host.FeatureCount, 1), log);
            if (error is not null)
                return error;
            if (Validate(body!.Features, host, "features") is { } invalid)
                return RequestReader.Reject(request, log, 400, invalid);
            var prediction = host.Predict(body.Features!);
            return IsFinite(prediction) ? Results.Ok(prediction) : RequestReader.Reject(request, log, 400, NotFinite("features"));
        });
        app.MapPost("/predict/batch", async (HttpRequest request, ModelSlot slot, ClientErrorLog log) =>
        {
            if (slot.Live is not { Host: var host })
                return NotLoaded(request.HttpContext, slot);
            BatchRequest? body;
            if (BinaryRows.IsBinary(request))
            {
                var (rows, binaryError) = await BinaryRows.ReadAsync(request, host.FeatureCount, options.MaxBatch, log);
                if (binaryError is not null)
                    return binaryError;
                body = new BatchRequest { Rows = rows };
            }
            else
            {
                var (json, error) = await RequestReader.ReadJsonAsync<BatchRequest>(request, options.RequestLimit(host.FeatureCount, options.MaxBatch), log);
                if (error is not null)
                    return error;
                body = json;
            }
            if (body!.Rows is null || body.Rows.Length == 0)
                return RequestReader.Reject(request, log, 400, "'rows' must be a non-empty array of feature arrays.");
            if (body.Rows.Length > options.MaxBatch)
                return RequestReader.Reject(request, log, 400, $"At most {options.MaxBatch} rows per batch; got {body.Rows.Length}.");
            for (int i = 0; i < body.Rows.Length; i++)
                if (Validate(body.Rows[i], host, $"rows[{i}]") is { } invalid)
                    return RequestReader.Reject(request, log, 400, invalid);
            var predictions = host.PredictBatch(body.Rows);
            for (int i = 0; i < predictions.Length; i++)
                if (!IsFinite(predictions[i]))
                    return RequestReader.Reject(request, log, 400, NotFinite($"rows[{i}]"));
            return Results.Ok(predictions);
        });
    }

    /// <summary>503 with Retry-After and the reason (the last load error, or that the model is loading).</summary>
    internal static IResult NotLoaded(HttpContext context, ModelSlot slot)
    {
        context.Response.Headers.RetryAfter = "5";
        return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No model is loaded yet",
            detail: $"'{slot.ModelPath}' has not loaded{(slot.LastLoadError is { } error ? $": {error}" : " yet")}. Retry later; GET /health/ready says when this replica is ready.");
    }

    private static string? Validate(float[]? features, ModelHost host, string name)
    {
        if (features is null)
            return $"'{name}' is required: an array of {host.FeatureCount} numbers.";
        if (features.Length != host.FeatureCount)
            return $"'{name}' must have {host.FeatureCount} values; got {features.Length}.";
        for (int i = 0; i < features.Length; i++)
            if (!float.IsFinite(features[i]))
                return $"'{name}[{i}]' is {features[i]}, not a finite 32-bit number (values beyond ±3.4e38 overflow); the model scores finite features only.";
        return null;
    }

    private static bool IsFinite(Prediction p) =>
        float.IsFinite(p.Score) && (p.Probability is not { } q || float.IsFinite(q)) && (p.Scores is null || p.Scores.Values.All(float.IsFinite));

    private static string NotFinite(string name) =>
        $"The model's score for '{name}' is not a finite number: the values are too far outside the range the model was trained on.";

    /// <summary>Body of POST /predict.</summary>
    public sealed class PredictRequest
    {
        /// <summary>The feature values, in the model's order.</summary>
        public float[]? Features { get; set; }
    }

    /// <summary>Body of POST /predict/batch.</summary>
    public sealed class BatchRequest
    {
        /// <summary>One feature array per row.</summary>
        public float[][]? Rows { get; set; }
    }
}
