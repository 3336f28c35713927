// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.Data.Sqlite;
using Microsoft.ML.Sparse.Samples.Database;

namespace Microsoft.ML.Sparse.Tests.Samples;

/// <summary>
/// samples/SparseMlp.Database end to end: a SQLite database created from the installed wine data set, a sparse MLP
/// trained through ML.NET's DatabaseLoader, the saved model, and the predictions the sample writes back to a table,
/// checked here with SQL of our own.
/// </summary>
[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class DatabaseSampleTests
{
    [TestMethod]
    public void TrainsFromADatabaseAndWritesPredictionsBackToATable()
    {
        string directory = Path.Combine(Path.GetTempPath(), "mlsparse-database-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string database = Path.Combine(directory, "wine.db"), model = Path.Combine(directory, "wine-model.zip");
        try
        {
            var log = new StringWriter();
            var result = DatabaseSample.Run(database, model, log);
            StringAssert.Contains(log.ToString(), "rows read by DatabaseLoader");

            using var connection = new SqliteConnection(WineDatabase.ConnectionString(database));
            connection.Open();
            long Scalar(string sql)
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }

            Assert.AreEqual(178L, Scalar("SELECT COUNT(*) FROM wine"));
            long heldOut = Scalar("SELECT COUNT(*) FROM wine WHERE is_test = 1");
            Assert.AreEqual(178 - heldOut, result.TrainingRows, "the model saw exactly the training rows of the query");
            Assert.AreEqual(heldOut, Scalar("SELECT COUNT(*) FROM wine_predictions"), "one prediction per held-out row");
            Assert.AreEqual(0L, Scalar("SELECT COUNT(*) FROM wine_predictions p JOIN wine w ON w.id = p.id WHERE w.is_test = 0"), "no training row was scored");
            Assert.AreEqual(0L, Scalar("SELECT COUNT(*) FROM wine_predictions WHERE predicted_cultivar NOT IN ('class_0', 'class_1', 'class_2') OR probability < 0.3 OR probability > 1"));
            long correct = Scalar("SELECT COUNT(*) FROM wine_predictions p JOIN wine w ON w.id = p.id WHERE p.predicted_cultivar = w.cultivar");
            double accuracy = (double)correct / heldOut;
            Assert.IsTrue(accuracy >= 0.85, $"accuracy of the written predictions {accuracy:P1} ({correct} of {heldOut}); {log}");
            Assert.AreEqual(accuracy, result.SqlAccuracy, 1e-12);
            Assert.AreEqual(result.EvaluatorAccuracy, accuracy, 1e-12, "the table holds what ML.NET's evaluator scored");

            var loaded = new MLContext().Model.Load(model, out var schema);
            Assert.IsNotNull(schema.GetColumnOrNull("Features"));
            Assert.IsNotNull(loaded);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
