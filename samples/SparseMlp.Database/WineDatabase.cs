// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Samples.Database;

/// <summary>
/// The sample's SQLite database: a <c>wine</c> table filled from scikit-learn's wine data set (178 wines, 13
/// measurements, 3 cultivars; installed by build/setup) with a seeded 80/20 split in its <c>is_test</c> column, and the
/// <c>wine_predictions</c> table the sample writes.
/// </summary>
public static class WineDatabase
{
    /// <summary>The measurement columns of the <c>wine</c> table, in the order of the data set.</summary>
    public static readonly string[] FeatureColumns =
    {
        "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
        "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280_od315_of_diluted_wines", "proline",
    };

    /// <summary>The query that reads training rows (<paramref name="test"/> false) or held-out rows.</summary>
    public static string SelectRows(bool test) =>
        $"SELECT id, {string.Join(", ", FeatureColumns)}, cultivar FROM wine WHERE is_test = {(test ? 1 : 0)} ORDER BY id";

    /// <summary>A connection string for the database file.</summary>
    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder { DataSource = path }.ToString();

    /// <summary>
    /// (Re)creates the <c>wine</c> table from the installed data set and an empty <c>wine_predictions</c> table; every
    /// fifth row of a seeded shuffle is held out (<c>is_test = 1</c>). Returns the number of rows.
    /// </summary>
    public static int Create(string path, int seed)
    {
        var wine = SklearnDatasets.Wine();
        using var connection = Open(path);
        Execute(connection, "DROP TABLE IF EXISTS wine_predictions; DROP TABLE IF EXISTS wine;");
        Execute(connection, $"CREATE TABLE wine (id INTEGER PRIMARY KEY, {string.Join(", ", FeatureColumns.Select(c => c + " REAL NOT NULL"))}, " +
                            "cultivar TEXT NOT NULL, is_test INTEGER NOT NULL)");
        Execute(connection, "CREATE TABLE wine_predictions (id INTEGER PRIMARY KEY REFERENCES wine(id), predicted_cultivar TEXT NOT NULL, " +
                            "probability REAL NOT NULL, model_file TEXT NOT NULL)");
        var order = Enumerable.Range(0, wine.Count).ToArray();
        new Random(seed).Shuffle(order);
        var heldOut = order.Where((_, i) => i % 5 == 0).ToHashSet();

        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO wine VALUES ($id, {string.Join(", ", FeatureColumns.Select(c => "$" + c))}, $cultivar, $is_test)";
        var id = insert.Parameters.Add("$id", SqliteType.Integer);
        var features = FeatureColumns.Select(c => insert.Parameters.Add("$" + c, SqliteType.Real)).ToArray();
        var cultivar = insert.Parameters.Add("$cultivar", SqliteType.Text);
        var isTest = insert.Parameters.Add("$is_test", SqliteType.Integer);
        for (int row = 0; row < wine.Count; row++)
        {
            id.Value = row + 1;
            for (int f = 0; f < features.Length; f++)
                features[f].Value = (double)wine.Features[row][f];
            cultivar.Value = wine.ClassNames[wine.Labels[row]];
            isTest.Value = heldOut.Contains(row) ? 1 : 0;
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return wine.Count;
    }

    /// <summary>Writes one prediction per scored row in one transaction (replacing earlier ones of the same rows).</summary>
    public static int WritePredictions(string path, IEnumerable<ScoredWine> predictions, string modelFile)
    {
        using var connection = Open(path);
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT OR REPLACE INTO wine_predictions VALUES ($id, $predicted, $probability, $model)";
        var id = insert.Parameters.Add("$id", SqliteType.Integer);
        var predicted = insert.Parameters.Add("$predicted", SqliteType.Text);
        var probability = insert.Parameters.Add("$probability", SqliteType.Real);
        insert.Parameters.AddWithValue("$model", modelFile);
        int written = 0;
        foreach (var row in predictions)
        {
            id.Value = row.Id;
            predicted.Value = row.PredictedLabel;
            probability.Value = (double)row.Score.Max();
            written += insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return written;
    }

    /// <summary>Share of the rows in <c>wine_predictions</c> whose prediction equals the <c>wine</c> table's cultivar.</summary>
    public static double PredictionAccuracy(string path)
    {
        using var connection = Open(path);
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT AVG(p.predicted_cultivar = w.cultivar) FROM wine_predictions p JOIN wine w ON w.id = p.id";
        return Convert.ToDouble(query.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(ConnectionString(path));
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
