// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

// Serves a saved ML.NET model (e.g. the sparse MLP written by samples/SparseMlp.FashionMnist) over HTTP.
// Usage: dotnet run -c Release --project samples/SparseModelServer -- --model <model.zip> [--urls http://127.0.0.1:5080] [--max-model-mb 256] [--wait-for-model]
// --wait-for-model starts serving before the model loads: GET /health/ready answers 503 until the file loads (retried every 5 s).
// POST /admin/reload is enabled only when the environment variable MLSPARSE_ADMIN_TOKEN holds a secret (16+ characters).
// A model that does not load, a bad argument or an address in use ends the process with one line on stderr and exit code 1 (2 for usage).
// --help prints the options and their defaults (parsed with System.CommandLine).
using Microsoft.ML.Sparse.Samples.ModelServer;

if (ServerCommandLine.Parse(args, out int exitCode) is not { } commandLine)
    return exitCode;
string model = commandLine.Model, url = commandLine.Url;
try
{
    var options = new ServerOptions
    {
        MaxModelBytes = commandLine.MaxModelBytes,
        LoadModelInBackground = commandLine.WaitForModel,
        AdminToken = Environment.GetEnvironmentVariable(ServerOptions.AdminTokenVariable) is { Length: > 0 } token ? token : null,
    };
    var app = ModelServerApp.Build(model, url, options);
    Console.WriteLine($"Serving {model} on {url} (POST /predict, POST /predict/batch, GET /model, GET /health, GET /health/live, GET /health/ready, GET /metrics, POST /admin/reload {(options.AdminToken is null ? $"disabled: set {ServerOptions.AdminTokenVariable}" : "with the admin token")})");
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is ModelLoadException or ArgumentException or IOException)
{
    // One line, no stack trace: what is wrong and what to do is in the message (an address in use is an IOException).
    Console.Error.WriteLine($"SparseModelServer: {ex.Message.ReplaceLineEndings(" ")}");
    return 1;
}
