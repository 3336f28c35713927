// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>
/// Reads the FANN training-data format (the PROBEN1 tables Debian's libfann-doc ships under
/// /usr/share/doc/libfann-dev/examples/datasets): a header line "rows inputs outputs", then per row one line of inputs
/// and one line of outputs (classes one-hot, regression targets as values).
/// </summary>
public static class FannDataset
{
    /// <summary>Where build/setup's libfann-doc package puts the tables.</summary>
    public const string DefaultDirectory = "/usr/share/doc/libfann-dev/examples/datasets";

    /// <summary>Inputs and outputs of one file, row-major.</summary>
    public static (float[][] Inputs, float[][] Outputs) Read(string path)
    {
        var tokens = File.ReadAllText(path).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 3)
            throw new InvalidDataException($"{path}: missing the 'rows inputs outputs' header.");
        int rows = int.Parse(tokens[0], CultureInfo.InvariantCulture), inputs = int.Parse(tokens[1], CultureInfo.InvariantCulture),
            outputs = int.Parse(tokens[2], CultureInfo.InvariantCulture);
        if (tokens.Length != 3 + (long)rows * (inputs + outputs))
            throw new InvalidDataException($"{path}: header declares {rows} rows of {inputs}+{outputs} values, the file has {tokens.Length - 3} values.");
        var x = new float[rows][];
        var y = new float[rows][];
        int t = 3;
        for (int r = 0; r < rows; r++)
        {
            x[r] = new float[inputs];
            for (int j = 0; j < inputs; j++) x[r][j] = float.Parse(tokens[t++], CultureInfo.InvariantCulture);
            y[r] = new float[outputs];
            for (int j = 0; j < outputs; j++) y[r][j] = float.Parse(tokens[t++], CultureInfo.InvariantCulture);
        }
        return (x, y);
    }

    /// <summary>A classification table: the class is the index of the largest output.</summary>
    public static LabeledVectors ReadClasses(string name, string path)
    {
        var (x, y) = Read(path);
        var labels = y.Select(o => Array.IndexOf(o, o.Max())).ToArray();
        var classes = Enumerable.Range(0, y[0].Length).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
        return new LabeledVectors(name, x[0].Length, x, labels, classes);
    }
}
