// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

// A brand-new training app that takes Microsoft.ML.Sparse from a package feed (build/pack-test copies it outside the
// repository). It adds no libtorch package: the sparse MLP trains on the managed engine. Arguments: digits CSV, output folder.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse;

string csv = args[0], outDir = args[1];
var ml = new MLContext(seed: 1);
var data = ml.Data.LoadFromTextFile(csv, new TextLoader.Options
{
    Separators = [','],
    Columns = [new TextLoader.Column("Features", DataKind.Single, 0, 63), new TextLoader.Column("Label", DataKind.Single, 64)],
});
var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
    .Append(ml.MulticlassClassification.Trainers.SparseMlp(new SparseMlpOptions
    {
        NumberOfEpochs = 20,
        HiddenLayerSizes = [128, 128],
        FeatureStandardization = FeatureStandardization.PerFeature,
        Topology = new SparseTopologyOptions { Method = SparseTrainingMethod.Chts, Density = 0.2 },
    }));
var model = pipeline.Fit(split.TrainSet);
var scored = model.Transform(split.TestSet);
var metrics = ml.MulticlassClassification.Evaluate(scored);
var summary = model.LastTransformer.Model;
Console.WriteLine($"trained {summary.Architecture}: {summary.ActiveLinks} links, test accuracy {metrics.MicroAccuracy:F4}");
ml.Model.Save(model, data.Schema, Path.Combine(outDir, "model.zip"));

// The scores the scoring app must reproduce from the saved file, first 50 test rows.
var scores = scored.GetColumn<float[]>("Score").Take(50).Select(s => string.Join(' ', s.Select(v => v.ToString("R"))));
File.WriteAllLines(Path.Combine(outDir, "expected-scores.txt"), scores);

// A dense baseline on TorchSharp needs a libtorch package, which this app does not have: the error must say what to add.
try
{
    ml.MulticlassClassification.Trainers.SparseMlp(new SparseMlpOptions
    {
        NumberOfEpochs = 1,
        Engine = SparseTrainingEngine.TorchSharp,
        Topology = new SparseTopologyOptions { Method = SparseTrainingMethod.Dense },
    }).Fit(ml.Transforms.Conversion.MapValueToKey("Label").Fit(split.TrainSet).Transform(split.TrainSet));
    Console.WriteLine("libtorch: unexpectedly available");
}
catch (TorchBackendUnavailableException ex)
{
    Console.WriteLine($"libtorch: {ex.Message}");
}

// With the default Engine = Auto the dense baseline trains on the managed engine instead, and says so once per MLContext.
var fallback = new MLContext(seed: 1);
var warnings = new List<string>();
fallback.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning && e.Message.Contains("libtorch")) warnings.Add(e.Message); };
var keyed = fallback.Transforms.Conversion.MapValueToKey("Label").Fit(split.TrainSet).Transform(split.TrainSet);
for (int run = 0; run < 2; run++)
{
    var dense = fallback.MulticlassClassification.Trainers.SparseMlp(new SparseMlpOptions
    {
        NumberOfEpochs = 1,
        HiddenLayerSizes = [32],
        Topology = new SparseTopologyOptions { Method = SparseTrainingMethod.Dense },
    }).Fit(keyed);
    Console.WriteLine($"dense fallback: engine {dense.TrainingSummary!.Engine}");
}
foreach (string warning in warnings)
    Console.WriteLine($"fallback warning: {warning.ReplaceLineEndings(" ")}");
Console.WriteLine(metrics.MicroAccuracy >= 0.85 ? "train: ok" : "train: accuracy below 0.85");
