// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.ML.Sparse.Samples.ModelServer;

namespace Microsoft.ML.Sparse.Tests.Serving;

/// <summary>Starts the model server on a free loopback port, with a token for reload and a log the test can read.</summary>
internal sealed class ServerTestKit : IAsyncDisposable
{
    public const string Token = "test-admin-token-0123456789";

    private ServerTestKit(WebApplication app, HttpClient http, LogSink log)
    {
        App = app;
        Http = http;
        Log = log;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public LogSink Log { get; }

    public Uri Address { get; }

    public static async Task<ServerTestKit> Start(string modelPath, ServerOptions? options = null)
    {
        var log = new LogSink();
        options ??= new ServerOptions { AdminToken = Token };
        var withLog = new ServerOptions
        {
            MaxBatch = options.MaxBatch,
            BytesPerValue = options.BytesPerValue,
            MaxRequestBytes = options.MaxRequestBytes,
            MaxModelBytes = options.MaxModelBytes,
            AdminToken = options.AdminToken,
            LoadModelInBackground = options.LoadModelInBackground,
            ModelRetryInterval = options.ModelRetryInterval,
            ConfigureLogging = logging => logging.AddProvider(log),
        };
        var app = ModelServerApp.Build(modelPath, "http://127.0.0.1:0", withLog);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServerTestKit(app, new HttpClient { BaseAddress = new Uri(address) }, log);
    }

    /// <summary>POST /admin/reload with the admin token (and <paramref name="query"/>).</summary>
    public Task<HttpResponseMessage> Reload(string query = "", string? token = Token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/admin/reload" + query);
        if (token is not null)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        Http.Dispose();
    }

    /// <summary>Every log entry the server writes, with its exception.</summary>
    internal sealed class LogSink : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogSink sink, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Entries.Enqueue((logLevel, category, formatter(state, exception), exception));
        }
    }
}
