// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.Data.Sqlite;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Samples.Database;

/// <summary>
/// The sample end to end, as a business app would do it: a table in a database, ML.NET's DatabaseLoader reading it
/// with a SQL query, a sparse MLP with the defaults chosen from the data, the model saved to a zip, then loaded again by
/// the scoring step, which reads the held-out rows from the database and writes one prediction per row back to a table.
/// </summary>
public static class DatabaseSample
{
    /// <summary>Runs every step; progress goes to <paramref name="log"/>.</summary>
    /// <param name="databasePath">The SQLite file to create (its wine tables are replaced).</param>
    /// <param name="modelPath">Where the trained model.zip goes.</param>
    /// <param name="log">Receives one line per step.</param>
    /// <param name="seed">Seed of the split and of training.</param>
    public static SampleResult Run(string databasePath, string modelPath, TextWriter log, int seed = 1)
    {
        int rows = WineDatabase.Create(databasePath, seed);
        log.WriteLine($"created {databasePath}: table wine with {rows} rows ({WineDatabase.FeatureColumns.Length} measurement columns, cultivar, is_test)");

        // Training: ML.NET reads the rows straight from the database through ADO.NET (any DbProviderFactory works).
        var ml = new MLContext(seed: seed);
        var loader = ml.Data.CreateDatabaseLoader<WineRow>();
        IDataView train = loader.Load(new DatabaseSource(SqliteFactory.Instance, WineDatabase.ConnectionString(databasePath), WineDatabase.SelectRows(test: false)));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(WineRow.Cultivar))
            .Append(ml.MulticlassClassification.Trainers.SparseMlp())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(train);
        var network = model.OfType<SparseMulticlassPredictionTransformer>().Single().Model;
        int trainingRows = (int)ml.Data.CreateEnumerable<WineRow>(train, reuseRowObject: true).Count();
        log.WriteLine($"trained on {trainingRows} rows read by DatabaseLoader: {network}");
        ml.Model.Save(model, train.Schema, modelPath);
        log.WriteLine($"saved {modelPath} ({new FileInfo(modelPath).Length:N0} bytes)");

        // Scoring, as a separate app would: load the zip, read the rows to score from the database, write predictions back.
        var scoring = new MLContext();
        var loaded = scoring.Model.Load(modelPath, out _);
        var heldOut = scoring.Data.CreateDatabaseLoader<WineRow>()
            .Load(new DatabaseSource(SqliteFactory.Instance, WineDatabase.ConnectionString(databasePath), WineDatabase.SelectRows(test: true)));
        var scored = loaded.Transform(heldOut);
        var predictions = scoring.Data.CreateEnumerable<ScoredWine>(scored, reuseRowObject: false).ToList();
        int written = WineDatabase.WritePredictions(databasePath, predictions, Path.GetFileName(modelPath));
        double sqlAccuracy = WineDatabase.PredictionAccuracy(databasePath);
        double evaluator = scoring.MulticlassClassification.Evaluate(scored).MicroAccuracy;
        log.WriteLine($"wrote {written} predictions to table wine_predictions; accuracy by SQL {sqlAccuracy:P1} (ML.NET's evaluator: {evaluator:P1})");
        return new SampleResult(trainingRows, written, sqlAccuracy, evaluator, network.ToString());
    }
}
