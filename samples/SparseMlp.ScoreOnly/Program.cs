// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

// Scores one row with a saved sparse multiclass model.zip in a process that must never load libtorch.
// Usage: SparseMlp.ScoreOnly <model.zip> <feature,feature,...>
//        SparseMlp.ScoreOnly --train <model.zip>   (trains a small sparse MLP here, without libtorch; see TrainMode)
//        SparseMlp.ScoreOnly --help                (the usage, parsed with System.CommandLine)
// Prints one JSON object (scores in round-trip format) and exits with
//   0 when scoring worked without TorchSharp's native library,
//   3 when a libtorch / LibTorchSharp native library is mapped into the process,
//   4 when the managed TorchSharp assembly was loaded by anything but ML.NET's ComponentCatalog type scan,
//   2 for a usage error.
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse;
using Microsoft.ML.Sparse.Samples.ScoreOnly;

if (ScoreOnlyCommandLine.Parse(args, out int exitCode) is not { } commandLine)
    return exitCode;
if (commandLine.TrainPath is { } trainPath)
    return TrainMode.Run(trainPath);

string? torchSharpLoadStack = null;
AppDomain.CurrentDomain.AssemblyLoad += (_, e) =>
{
    if (e.LoadedAssembly.GetName().Name == "TorchSharp")
        torchSharpLoadStack = Environment.StackTrace;
};

var ml = new MLContext();
var model = ml.Model.Load(commandLine.ModelPath!, out var inputSchema);
var featuresType = (VectorDataViewType)inputSchema["Features"].Type;
var features = commandLine.Features!;
if (features.Length != featuresType.Size)
{
    Console.Error.WriteLine($"the model expects {featuresType.Size} features, got {features.Length}");
    return 2;
}

var input = SchemaDefinition.Create(typeof(FeaturesRow));
input[nameof(FeaturesRow.Features)].ColumnType = featuresType;
var engine = ml.Model.CreatePredictionEngine<FeaturesRow, MulticlassOutput>(model, inputSchemaDefinition: input);
var prediction = engine.Predict(new FeaturesRow { Features = features });

var mapped = TorchLibraries.Mapped();
bool loadedByScan = torchSharpLoadStack is null || torchSharpLoadStack.Contains("ComponentCatalog.LoadExtensions(Assembly", StringComparison.Ordinal);

Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
{
    ["score"] = prediction.Score.Select(s => s.ToString("R", CultureInfo.InvariantCulture)).ToArray(),
    ["predictedLabel"] = prediction.PredictedLabel,
    ["modelType"] = model is TransformerChain<ITransformer> chain ? string.Join(",", chain.Select(t => t.GetType().FullName)) : model.GetType().FullName,
    ["network"] = (model as IEnumerable<ITransformer> ?? new[] { model }).OfType<SparsePredictionTransformerBase>().FirstOrDefault()?.Model.ToString(),
    ["torchSharpManagedLoaded"] = torchSharpLoadStack != null,
    ["torchSharpLoadedOnlyByMlNetTypeScan"] = loadedByScan,
    ["torchSharpLoadStack"] = torchSharpLoadStack,
    ["mappedTorchLibraries"] = mapped,
}));
return mapped.Length > 0 ? 3 : loadedByScan ? 0 : 4;
