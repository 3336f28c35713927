// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

// A brand-new scoring-only app: Microsoft.ML.Sparse from a package feed, nothing else. Loads the model.zip the training
// app saved and predicts through a PredictionEngine. Arguments: digits CSV, folder with model.zip and expected-scores.txt.
using Microsoft.ML;
using Microsoft.ML.Data;

string csv = args[0], dir = args[1];
var ml = new MLContext(seed: 1);
var model = ml.Model.Load(Path.Combine(dir, "model.zip"), out _);
var data = ml.Data.LoadFromTextFile(csv, new TextLoader.Options
{
    Separators = [','],
    Columns = [new TextLoader.Column("Features", DataKind.Single, 0, 63), new TextLoader.Column("Label", DataKind.Single, 64)],
});
var test = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1).TestSet;
var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model);
var expected = File.ReadAllLines(Path.Combine(dir, "expected-scores.txt"));
var rows = ml.Data.CreateEnumerable<Row>(test, reuseRowObject: false).Take(expected.Length).ToList();
int mismatches = 0;
for (int i = 0; i < rows.Count; i++)
{
    string got = string.Join(' ', engine.Predict(rows[i]).Score.Select(v => v.ToString("R")));
    if (got != expected[i]) mismatches++;
}
Console.WriteLine($"score: {rows.Count} rows, {mismatches} differ from the training app's scores");
Console.WriteLine(mismatches == 0 && rows.Count == expected.Length ? "score: ok" : "score: FAILED");

public sealed class Row
{
    [VectorType(64)] public float[] Features { get; set; } = [];
    public float Label { get; set; }
}

public sealed class Prediction
{
    public float[] Score { get; set; } = [];
}
