using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>Builds the minimal API: GET /health, GET /model, POST /predict, POST /predict/batch.</summary>
public static class ModelServerApp
{
    /// <summary>Largest batch accepted by POST /predict/batch.</summary>
    public const int MaxBatch = 1024;

    /// <summary>Creates the app for a model file, bound to the given loopback URL (e.g. http://127.0.0.1:5080; port 0 picks a free one).</summary>
    public static WebApplication Build(string modelPath, string url)
    {
        var uri = new Uri(url);
        if (!uri.IsLoopback)
            throw new ArgumentException($"This sample only binds to loopback addresses; got '{url}'.", nameof(url));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(new ModelHost(modelPath));
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase);
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        if (!builder.Environment.IsDevelopment()) app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/model", (ModelHost host) => Results.Ok(new
        {
            featureColumn = host.FeatureColumn,
            featureCount = host.FeatureCount,
            classes = host.ClassNames,
            kind = host.IsVectorScore ? "multiclass" : host.HasProbability ? "binary" : "regression",
        }));
        app.MapPost("/predict", async (HttpRequest request, ModelHost host) =>
        {
            var (body, error) = await ReadJsonAsync<PredictRequest>(request);
            if (error is not null)
                return error;
            if (Validate(body!.Features, host, "features") is { } invalid)
                return invalid;
            return Results.Ok(host.Predict(body.Features!));
        });
        app.MapPost("/predict/batch", async (HttpRequest request, ModelHost host) =>
        {
            var (body, error) = await ReadJsonAsync<BatchRequest>(request);
            if (error is not null)
                return error;
            if (body!.Rows is null || body.Rows.Length == 0)
                return BadRequest("'rows' must be a non-empty array of feature arrays.");
            if (body.Rows.Length > MaxBatch)
                return BadRequest($"At most {MaxBatch} rows per batch; got {body.Rows.Length}.");
            for (int i = 0; i < body.Rows.Length; i++)
                if (Validate(body.Rows[i], host, $"rows[{i}]") is { } invalid)
                    return invalid;
            return Results.Ok(body.Rows.Select(host.Predict).ToArray());
        });
        return app;
    }

    private static IResult? Validate(float[]? features, ModelHost host, string name)
    {
        if (features is null)
            return BadRequest($"'{name}' is required: an array of {host.FeatureCount} numbers.");
        if (features.Length != host.FeatureCount)
            return BadRequest($"'{name}' must have {host.FeatureCount} values; got {features.Length}.");
        return null;
    }

    private static async Task<(T? Body, IResult? Error)> ReadJsonAsync<T>(HttpRequest request) where T : class
    {
        if (!request.HasJsonContentType())
            return (null, BadRequest("Send a JSON body with Content-Type: application/json."));
        try
        {
            var body = await request.ReadFromJsonAsync<T>();
            return body is null ? (null, BadRequest("The JSON body is empty.")) : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, BadRequest($"Malformed JSON: {ex.Message}"));
        }
    }

    private static IResult BadRequest(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

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
