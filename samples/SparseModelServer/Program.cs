// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

// Serves a saved ML.NET model (e.g. the sparse MLP written by samples/SparseMlp.FashionMnist) over HTTP.
// Usage: dotnet run -c Release --project samples/SparseModelServer -- --model <model.zip> [--urls http://127.0.0.1:5080]
using Microsoft.ML.Sparse.Samples.ModelServer;

string? model = null, url = "http://127.0.0.1:5080";
for (int i = 0; i + 1 < args.Length; i++)
{
    if (args[i] == "--model") model = args[++i];
    else if (args[i] == "--urls") url = args[++i];
}
if (model is null)
{
    Console.Error.WriteLine("usage: SparseModelServer --model <model.zip> [--urls http://127.0.0.1:5080]");
    return 2;
}
var app = ModelServerApp.Build(model, url);
Console.WriteLine($"Serving {model} on {url} (POST /predict, POST /predict/batch, GET /model, GET /health, POST /admin/reload)");
app.Run();
return 0;
