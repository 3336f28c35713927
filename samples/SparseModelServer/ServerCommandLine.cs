// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// Command line of the server (System.CommandLine): --model FILE, --urls URL, --max-model-mb N, --wait-for-model, --help.
/// A usage error is one line on stderr (exit code 2), like every other start failure of the server.
/// </summary>
internal sealed record ServerCommandLine(string Model, string Url, long MaxModelBytes, bool WaitForModel)
{
    /// <summary>
    /// Parses the arguments. Returns null after printing the help (exit code 0) or one line with the errors and their fix
    /// (exit code 2).
    /// </summary>
    public static ServerCommandLine? Parse(string[] args, out int exitCode)
    {
        var model = new Option<string>("--model") { Description = "The saved ML.NET model zip to serve.", HelpName = "model.zip", Required = true };
        var urls = new Option<string>("--urls")
        {
            Description = "Address to listen on.",
            HelpName = "URL",
            DefaultValueFactory = _ => "http://127.0.0.1:5080",
        };
        var maxModelMb = new Option<long>("--max-model-mb")
        {
            Description = "Largest model file loaded at start or by a reload, in MiB; a larger file is refused before it is read.",
            HelpName = "N",
            DefaultValueFactory = _ => ServerOptions.DefaultMaxModelBytes >> 20,
            CustomParser = Megabytes,
        };
        var waitForModel = new Option<bool>("--wait-for-model")
        {
            Description = "Start serving before the model loads: GET /health/ready answers 503 until the file loads (retried every 5 s).",
        };
        var command = new RootCommand("Serves predictions of a saved ML.NET model zip over HTTP (POST /predict, POST /predict/batch, " +
            "GET /model, GET /health, GET /metrics). POST /admin/reload is enabled only when the environment variable " +
            $"{ServerOptions.AdminTokenVariable} holds a secret ({ServerOptions.MinAdminTokenLength}+ characters).")
        {
            model, urls, maxModelMb, waitForModel,
        };
        var parsed = command.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"SparseModelServer: {string.Join(" ", parsed.Errors.Select(e => e.Message.ReplaceLineEndings(" ")))} Run with --help to see the options.");
            exitCode = 2;
            return null;
        }
        if (parsed.Action is not null)
        {
            exitCode = parsed.Invoke(); // --help or --version
            return null;
        }
        exitCode = 0;
        return new ServerCommandLine(parsed.GetValue(model)!, parsed.GetValue(urls)!, parsed.GetValue(maxModelMb) << 20, parsed.GetValue(waitForModel));
    }

    private static long Megabytes(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long mb) && mb is > 0 and < 1L << 40)
            return mb;
        result.AddError($"--max-model-mb needs a whole number of MiB from 1 up, e.g. --max-model-mb 512; got '{text}'.");
        return 0;
    }
}
