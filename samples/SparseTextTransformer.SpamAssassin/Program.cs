// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

// Trains the sparse Transformer text classifier on SpamAssassin (ham vs spam) three times - dense, CHTs and CHTss at
// 10% density, same budget and seed - evaluates each on held-out e-mails with ML.NET and prints them side by side.
// Then saves the CHTss model, loads it in a fresh MLContext and classifies two e-mails with a PredictionEngine.
// Usage: dotnet run -c Release --project samples/SparseTextTransformer.SpamAssassin -- [--epochs N] [--full] [--out DIR] [--threads N] [--help]
//   default: 2,000 training e-mails, 3 epochs, a small model (d_model 64): a few minutes on 2 cores
//   --full:  all 4,837 training e-mails, 8 epochs, d_model 128 (the library's default shape)
//   --epochs N overrides the number of epochs; --out DIR keeps the model zips there (default: a temp folder).
//   --threads N: libtorch intra-op threads (default 1; 0 = libtorch's choice). On a busy 2-core machine one thread was
//   about 8x faster than two for these small models (OpenMP threads spin-wait for each other); on an idle one two win.
// Needs the corpus installed by build/setup ($MLSPARSE_DATA/spam-assassin).
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse;
using Microsoft.ML.Sparse.Samples.Datasets;
using Microsoft.ML.Sparse.Samples.SpamAssassin;

if (SampleSettings.Parse(args, out int exitCode) is not { } settings)
    return exitCode;
bool full = settings.Full;
int epochs = settings.Epochs;
string outDir = settings.OutputDirectory;
Directory.CreateDirectory(outDir);
int threads = settings.Threads;
if (threads > 0)
    TorchSharp.torch.set_num_threads(threads);

var corpus = SpamAssassinCorpus.Read();
var (trainEmails, testEmails) = Emails.StratifiedSplit(corpus, testFraction: 0.2, seed: 1);
if (!full)
    trainEmails = trainEmails.Take(2000).ToList();
Console.WriteLine($"SpamAssassin: {corpus.Count} e-mails; training on {trainEmails.Count}, testing on {testEmails.Count} (stratified split, seed 1)");

var ml = new MLContext(seed: 1);
var train = ml.Data.LoadFromEnumerable(trainEmails);
var test = ml.Data.LoadFromEnumerable(testEmails);

var results = new List<(string Method, double Accuracy, double Macro, double LogLoss, TimeSpan Time, long ZipBytes, string Network)>();
ITransformer? chtssModel = null;
foreach (var method in new[] { SparseTrainingMethod.Dense, SparseTrainingMethod.Chts, SparseTrainingMethod.Chtss })
{
    var options = new SparseTextTransformerOptions
    {
        LabelColumnName = "Label",
        TextColumnName = "Text",
        NumberOfEpochs = epochs,
        Seed = 1,
        Progress = new ConsoleProgress(method.ToString()),
    };
    if (!full)
    {
        options.ModelDim = 64;
        options.FeedForwardDim = 128;
        options.VocabularySize = 2000;
    }
    options.Topology.Method = method;
    options.Topology.Density = 0.1;

    var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
        .Append(ml.MulticlassClassification.Trainers.SparseTextTransformer(options));
    var watch = Stopwatch.StartNew();
    var model = pipeline.Fit(train);
    var time = watch.Elapsed;
    var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
    string zip = Path.Combine(outDir, $"spam-{method.ToString().ToLowerInvariant()}.zip");
    ml.Model.Save(model, train.Schema, zip);
    results.Add((method.ToString(), metrics.MicroAccuracy, metrics.MacroAccuracy, metrics.LogLoss, time, new FileInfo(zip).Length, model.LastTransformer.Model.ToString()));
    if (method == SparseTrainingMethod.Chtss)
        chtssModel = model;
}

Console.WriteLine();
Console.WriteLine($"{"method",-7} {"accuracy",9} {"macro acc.",10} {"log-loss",9} {"training",9} {"zip size",12}");
foreach (var r in results)
    Console.WriteLine($"{r.Method,-7} {r.Accuracy,9:P2} {r.Macro,10:P2} {r.LogLoss,9:F4} {r.Time.TotalSeconds,8:F0}s {r.ZipBytes,10:N0} B");
Console.WriteLine();
foreach (var r in results)
    Console.WriteLine($"{r.Method}: {r.Network}");

// Persistence: load the saved CHTss model in a fresh MLContext and classify two e-mails.
var fresh = new MLContext();
var loaded = fresh.Model.Load(Path.Combine(outDir, "spam-chtss.zip"), out _);
var engine = fresh.Model.CreatePredictionEngine<Email, SpamPrediction>(loaded);
var classes = ((TransformerChain<ITransformer>)loaded).OfType<SparseMulticlassPredictionTransformer>().Single().ClassNames;
Console.WriteLine();
foreach (var text in new[]
{
    "Subject: meeting moved to thursday Hi all, the design review is moved to Thursday 10am, same room. Please bring the updated figures.",
    "Subject: YOU HAVE BEEN SELECTED!!! Claim your FREE prize now, click here to get cash today, limited offer, act now!!!",
})
{
    var prediction = engine.Predict(new Email { Text = text });
    int best = Array.IndexOf(prediction.Score, prediction.Score.Max());
    Console.WriteLine($"{classes[best],-4} ({prediction.Score[best]:P1})  {text[..Math.Min(70, text.Length)]}...");
}
Console.WriteLine($"models saved in {outDir}");
return 0;
