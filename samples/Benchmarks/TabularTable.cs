// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>One table of the tabular benchmark: train and test rows, multiclass labels or regression targets.</summary>
internal sealed record TabularTable(string Name, bool Regression, float[][] TrainX, float[] TrainY, float[][] TestX, float[] TestY)
{
    public int FeatureCount => TrainX[0].Length;

    /// <summary>The six tables: sklearn wine, breast cancer, digits, diabetes; PROBEN1 thyroid and building (FANN format).</summary>
    public static IReadOnlyList<TabularTable> All(IReadOnlyCollection<string>? only)
    {
        var list = new List<Func<TabularTable>>
        {
            () => Split("wine", SklearnDatasets.Wine()),
            () => Split("breast-cancer", SklearnDatasets.BreastCancer()),
            () => Split("digits", SklearnDatasets.Digits()),
            () => { var (x, y) = SklearnDiabetes.Load(); return Split("diabetes", true, x, y); },
            () => Fann("thyroid", false),
            () => Fann("building", true),
        };
        return list.Select(f => f()).Where(t => only is null || only.Contains(t.Name)).ToList();
    }

    private static TabularTable Split(string name, LabeledVectors data) => Split(name, false, data.Features, data.Labels.Select(l => (float)l).ToArray());

    /// <summary>A seeded 75/25 split.</summary>
    private static TabularTable Split(string name, bool regression, float[][] x, float[] y)
    {
        var order = Enumerable.Range(0, x.Length).ToArray();
        new Random(42).Shuffle(order);
        int cut = x.Length * 3 / 4;
        return new TabularTable(name, regression, order[..cut].Select(i => x[i]).ToArray(), order[..cut].Select(i => y[i]).ToArray(),
            order[cut..].Select(i => x[i]).ToArray(), order[cut..].Select(i => y[i]).ToArray());
    }

    /// <summary>A PROBEN1 table with its own .train/.test files; regression keeps the first output.</summary>
    private static TabularTable Fann(string name, bool regression)
    {
        var (trX, trY) = FannDataset.Read(Path.Combine(FannDataset.DefaultDirectory, name + ".train"));
        var (teX, teY) = FannDataset.Read(Path.Combine(FannDataset.DefaultDirectory, name + ".test"));
        float Target(float[] o) => regression ? o[0] : Array.IndexOf(o, o.Max());
        return new TabularTable(name, regression, trX, trY.Select(Target).ToArray(), teX, teY.Select(Target).ToArray());
    }
}
