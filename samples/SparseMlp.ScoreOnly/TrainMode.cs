// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text.Json;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Samples.ScoreOnly;

/// <summary>
/// <c>SparseMlp.ScoreOnly --train model.zip</c>: trains a sparse MLP with the default options in this process, which ships
/// without libtorch, and saves it. It shows that CPU training of sparse MLPs needs no native library: the default engine
/// is the managed one. Prints one JSON object (engine, accuracy on the training rows, mapped torch libraries).
/// </summary>
internal static class TrainMode
{
    private sealed class Row
    {
        [VectorType(20)]
        public float[] Features { get; set; } = new float[20];

        public uint Label { get; set; }
    }

    public static int Run(string zipPath)
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 600).Select(i =>
        {
            int label = i % 4;
            var features = Enumerable.Range(0, 20).Select(f => (float)((f % 4 == label ? 2.0 : 0.0) + random.NextDouble() - 0.5)).ToArray();
            return new Row { Features = features, Label = (uint)label };
        }).ToList();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.SparseMlp(new SparseMlpOptions { NumberOfEpochs = 5, HiddenLayerSizes = new[] { 64, 64 }, Seed = 2,
                Topology = new SparseTopologyOptions { Density = 0.1 } }));
        var model = pipeline.Fit(data);
        var trainer = model.LastTransformer;
        double accuracy = ml.MulticlassClassification.Evaluate(model.Transform(data)).MicroAccuracy;
        ml.Model.Save(model, data.Schema, zipPath);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["accuracy"] = accuracy,
            ["network"] = trainer.Model.ToString(),
            ["mappedTorchLibraries"] = TorchLibraries.Mapped(),
        }));
        return TorchLibraries.Mapped().Length == 0 ? 0 : 3;
    }
}
