// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// Builds the minimal API: GET /health, GET /model, POST /predict, POST /predict/batch (<see cref="PredictEndpoints"/>),
/// POST /admin/reload (<see cref="AdminEndpoints"/>), GET /health/live, GET /health/ready and GET /metrics
/// (<see cref="HealthEndpoints"/>); every request is counted and timed in <see cref="ServerMetrics"/>. Bound to loopback only. Client mistakes get 4xx problem
/// details and one rate-limited log line without a stack trace, never a 500, including a request whose body Kestrel
/// cannot read (a malformed chunk size, a body cut short).
/// </summary>
public static class ModelServerApp
{
    /// <summary>Largest batch accepted by POST /predict/batch with default options.</summary>
    public const int MaxBatch = 1024;

    /// <summary>Creates the app for a model file, bound to the given loopback URL (e.g. http://127.0.0.1:5080; port 0 picks a free one).</summary>
    /// <exception cref="ModelLoadException">The model file is missing, too large or does not load; the message says why.</exception>
    public static WebApplication Build(string modelPath, string url) => Build(modelPath, url, new ServerOptions());

    /// <summary>Creates the app with explicit limits and secrets.</summary>
    /// <exception cref="ArgumentException">The URL is not a loopback address, or an option is out of range.</exception>
    /// <exception cref="ModelLoadException">The model file is missing, too large or does not load, and
    /// <see cref="ServerOptions.LoadModelInBackground"/> is false; the message says why.</exception>
    public static WebApplication Build(string modelPath, string url, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsLoopback)
            throw new ArgumentException($"This sample only binds to loopback addresses (e.g. http://127.0.0.1:5080); got '{url}'.", nameof(url));
        var slot = options.LoadModelInBackground ? ModelSlot.Unloaded(modelPath, options.MaxModelBytes) : new ModelSlot(modelPath, options.MaxModelBytes);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(slot);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ClientErrorLog>();
        builder.Services.AddSingleton<ServerMetrics>();
        if (options.LoadModelInBackground)
            builder.Services.AddHostedService<ModelStartupLoader>();
        // Strict numbers: "NaN" or "1" as strings are rejected, as are named literals; output is always valid JSON.
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        // Outermost, so it sees the final status code (including the exception handler's 500) and the whole latency. It
        // records when the response starts (before the client can read it, so a scrape that follows a request counts it),
        // or at the end for a response that never started.
        var metrics = app.Services.GetRequiredService<ServerMetrics>();
        app.Use(async (context, next) =>
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            int recorded = 0;
            void Record(int status)
            {
                if (Interlocked.Exchange(ref recorded, 1) == 0)
                    metrics.Record((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? ServerMetrics.UnmatchedRoute, status, start);
            }
            context.Response.OnStarting(() =>
            {
                Record(context.Response.StatusCode);
                return Task.CompletedTask;
            });
            try
            {
                await next(context);
            }
            catch when (!context.Response.HasStarted)
            {
                Record(StatusCodes.Status500InternalServerError);
                throw;
            }
            if (!context.Response.HasStarted)
                Record(context.Response.StatusCode);
        });
        if (!builder.Environment.IsDevelopment())
            app.UseExceptionHandler();
        // A request Kestrel cannot read (a malformed chunk size, a body cut short) is the client's mistake: its 4xx, one
        // rate-limited line, no stack trace. Endpoints catch these themselves; this covers whatever reads a body next.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
            {
                var log = context.RequestServices.GetRequiredService<ClientErrorLog>();
                await RequestReader.Reject(context.Request, log, ex.StatusCode, $"The request could not be read: {ex.Message}").ExecuteAsync(context);
            }
        });
        app.UseStatusCodePages();
        PredictEndpoints.Map(app, options);
        AdminEndpoints.Map(app, options);
        HealthEndpoints.Map(app);
        return app;
    }
}
