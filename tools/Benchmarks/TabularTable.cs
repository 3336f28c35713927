// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// One table of the tabular benchmark for one seed: train and test rows, class indices or regression targets. Tables
/// that come with a split (PROBEN1, the UCI classic splits of letter, satellite, shuttle, DNA and segment) keep it;
/// the others get a 75/25 split drawn from the seed, so three seeds are three splits.
/// </summary>
internal sealed record TabularTable(string Name, string Source, bool Regression, int Classes, float[][] TrainX, float[] TrainY, float[][] TestX, float[] TestY)
{
    public int FeatureCount => TrainX[0].Length;

    public int Rows => TrainX.Length + TestX.Length;

    /// <summary>Every table's name, in report order.</summary>
    public static IReadOnlyList<string> Names => Catalog.Keys.ToList();

    /// <summary>The table <paramref name="name"/> split for <paramref name="seed"/>.</summary>
    public static TabularTable Load(string name, int seed) => Catalog[name](seed);

    private static readonly IReadOnlyDictionary<string, Func<int, TabularTable>> Catalog = new Dictionary<string, Func<int, TabularTable>>
    {
        // the six tables of the first benchmark
        ["wine"] = s => FromLabeled("wine", "sklearn", SklearnDatasets.Wine(), s),
        ["breast-cancer"] = s => FromLabeled("breast-cancer", "sklearn", SklearnDatasets.BreastCancer(), s),
        ["digits"] = s => FromLabeled("digits", "sklearn", SklearnDatasets.Digits(), s),
        ["diabetes"] = s => { var (x, y) = SklearnDiabetes.Load(); return Split("diabetes", "sklearn", true, 0, x, y, s); },
        ["thyroid"] = _ => Fann("thyroid", false),
        ["building"] = _ => Fann("building", true),
        // the broad benchmark
        ["iris"] = s => FromLabeled("iris", "sklearn", SklearnDatasets.Iris(), s),
        ["pima"] = s => Frame(ArffReader.Load("diabetes"), "pima", "weka", "class", s),
        ["credit-g"] = s => Frame(ArffReader.Load("credit-g"), "credit-g", "weka", "class", s),
        ["vote"] = s => Frame(ArffReader.Load("vote"), "vote", "weka", "Class", s),
        ["soybean"] = s => Frame(ArffReader.Load("soybean"), "soybean", "weka", "class", s),
        ["segment"] = _ => Given(ArffReader.Load("segment-challenge"), ArffReader.Load("segment-test"), "segment", "weka", "class"),
        ["sonar"] = s => Frame(RDataReader.Load("Sonar"), "sonar", "mlbench", "Class", s),
        ["vehicle"] = s => Frame(RDataReader.Load("Vehicle"), "vehicle", "mlbench", "Class", s),
        ["vowel"] = s => Frame(RDataReader.Load("Vowel"), "vowel", "mlbench", "Class", s),
        ["dna"] = _ => Head(RDataReader.Load("DNA"), 2000, "dna", "mlbench", "Class"),
        ["satellite"] = _ => Head(RDataReader.Load("Satellite"), 4435, "satellite", "mlbench", "classes"),
        ["letter"] = _ => Head(RDataReader.Load("LetterRecognition"), 16000, "letter", "mlbench", "lettr"),
        ["shuttle"] = _ => Head(RDataReader.Load("Shuttle"), 43500, "shuttle", "mlbench", "Class"),
        ["mushroom"] = _ => Fann("mushroom", false),
        ["boston"] = s => Frame(RDataReader.Load("BostonHousing"), "boston", "mlbench", "medv", s),
        ["abalone"] = _ => Fann("abelone", true, "abalone"),
        ["census-house"] = _ => Fann("census-house", true),
    };

    private static TabularTable FromLabeled(string name, string source, LabeledVectors data, int seed) =>
        Split(name, source, false, data.ClassCount, data.Features, data.Labels.Select(l => (float)l).ToArray(), seed);

    private static TabularTable Frame(DataFrame frame, string name, string source, string target, int seed)
    {
        var x = frame.Features(target);
        bool regression = !frame[target].IsFactor;
        var y = regression ? frame.Targets(target) : frame.ClassLabels(target).Select(c => (float)c).ToArray();
        return Split(name, source, regression, regression ? 0 : frame[target].Levels!.Count, x, y, seed);
    }

    /// <summary>A classic split: the first <paramref name="trainRows"/> rows train, the rest test.</summary>
    private static TabularTable Head(DataFrame frame, int trainRows, string name, string source, string target)
    {
        var x = frame.Features(target);
        var y = frame.ClassLabels(target).Select(c => (float)c).ToArray();
        return new TabularTable(name, source, false, frame[target].Levels!.Count, x[..trainRows], y[..trainRows], x[trainRows..], y[trainRows..]);
    }

    /// <summary>Separate train and test files (one-hot widths from the union of both, as one schema).</summary>
    private static TabularTable Given(DataFrame train, DataFrame test, string name, string source, string target)
    {
        var both = new DataFrame(name, train.Columns.Select((c, j) => Concat(c, test.Columns[j])).ToList());
        var x = both.Features(target);
        var y = both.ClassLabels(target).Select(c => (float)c).ToArray();
        int n = train.RowCount;
        return new TabularTable(name, source, false, both[target].Levels!.Count, x[..n], y[..n], x[n..], y[n..]);
    }

    private static DataFrameColumn Concat(DataFrameColumn a, DataFrameColumn b) => a.IsFactor
        ? DataFrameColumn.Factor(a.Name, a.Codes!.Concat(b.Codes!).ToArray(), a.Levels!)
        : DataFrameColumn.Numeric(a.Name, a.Numbers!.Concat(b.Numbers!).ToArray());

    /// <summary>A 75/25 split drawn from the seed.</summary>
    private static TabularTable Split(string name, string source, bool regression, int classes, float[][] x, float[] y, int seed)
    {
        var order = Enumerable.Range(0, x.Length).ToArray();
        new Random(1000 + seed).Shuffle(order);
        int cut = x.Length * 3 / 4;
        return new TabularTable(name, source, regression, classes, order[..cut].Select(i => x[i]).ToArray(), order[..cut].Select(i => y[i]).ToArray(),
            order[cut..].Select(i => x[i]).ToArray(), order[cut..].Select(i => y[i]).ToArray());
    }

    /// <summary>A PROBEN1 table with its own .train/.test files; regression keeps the first output.</summary>
    private static TabularTable Fann(string file, bool regression, string? name = null)
    {
        var (trX, trY) = FannDataset.Read(Path.Combine(FannDataset.DefaultDirectory, file + ".train"));
        var (teX, teY) = FannDataset.Read(Path.Combine(FannDataset.DefaultDirectory, file + ".test"));
        float Target(float[] o) => regression ? o[0] : Array.IndexOf(o, o.Max());
        return new TabularTable(name ?? file, "PROBEN1", regression, regression ? 0 : trY[0].Length, trX, trY.Select(Target).ToArray(), teX, teY.Select(Target).ToArray());
    }
}
