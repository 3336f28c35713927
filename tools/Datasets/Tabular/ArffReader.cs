// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text;

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>
/// Reads Weka's ARFF format (the UCI tables Debian's weka package ships as examples, which build/setup extracts into
/// <c>$MLSPARSE_DATA/weka</c>): numeric/real/integer and nominal <c>{a,b,...}</c> attributes, dense <c>@data</c> rows,
/// <c>?</c> for a missing value, <c>%</c> comments, single- or double-quoted names and values.
/// </summary>
public static class ArffReader
{
    /// <summary>Where build/setup extracts the ARFF files.</summary>
    public static string DefaultDirectory => DataPaths.Under("weka");

    /// <summary>Reads <c>name.arff</c> from <paramref name="directory"/> (default <see cref="DefaultDirectory"/>).</summary>
    public static DataFrame Load(string name, string? directory = null) => Read(Path.Combine(directory ?? DefaultDirectory, name + ".arff"));

    /// <summary>Reads one ARFF file.</summary>
    public static DataFrame Read(string path)
    {
        var names = new List<string>();
        var levels = new List<List<string>?>();
        var cells = new List<List<string>>();
        bool data = false;
        int lineNumber = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '%')
                continue;
            if (!data)
            {
                if (line.StartsWith("@attribute", StringComparison.OrdinalIgnoreCase))
                {
                    var (name, type) = Attribute(line["@attribute".Length..].Trim(), path, lineNumber);
                    names.Add(name);
                    levels.Add(type);
                    cells.Add(new List<string>());
                }
                else if (line.StartsWith("@data", StringComparison.OrdinalIgnoreCase))
                    data = true;
                continue;
            }
            var values = Split(line);
            if (values.Count != names.Count)
                throw new InvalidDataException($"{path}:{lineNumber}: {values.Count} values, the header declares {names.Count} attributes.");
            for (int j = 0; j < values.Count; j++)
                cells[j].Add(values[j]);
        }
        var columns = new List<DataFrameColumn>();
        for (int j = 0; j < names.Count; j++)
            columns.Add(levels[j] is { } l ? Factor(names[j], cells[j], l, path) : Numeric(names[j], cells[j], path));
        return new DataFrame(Path.GetFileNameWithoutExtension(path), columns);
    }

    /// <summary>The attribute's name and its levels (null for a numeric attribute).</summary>
    private static (string Name, List<string>? Levels) Attribute(string rest, string path, int lineNumber)
    {
        string name;
        if (rest[0] is '\'' or '"')
        {
            int end = rest.IndexOf(rest[0], 1);
            name = rest[1..end];
            rest = rest[(end + 1)..].Trim();
        }
        else
        {
            int end = rest.IndexOfAny(new[] { ' ', '\t', '{' });
            name = rest[..end];
            rest = rest[end..].Trim();
        }
        if (rest.StartsWith('{'))
            return (name, Split(rest[1..rest.LastIndexOf('}')]));
        string type = rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0].ToLowerInvariant();
        if (type is "numeric" or "real" or "integer")
            return (name, null);
        throw new InvalidDataException($"{path}:{lineNumber}: attribute '{name}' has type '{type}'; only numeric and nominal attributes are read.");
    }

    private static DataFrameColumn Numeric(string name, List<string> values, string path) =>
        DataFrameColumn.Numeric(name, values.Select(v => v == "?" ? double.NaN
            : double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d
            : throw new InvalidDataException($"{path}: attribute '{name}' has the non-numeric value '{v}'.")).ToArray());

    private static DataFrameColumn Factor(string name, List<string> values, List<string> levels, string path) =>
        DataFrameColumn.Factor(name, values.Select(v => v == "?" ? -1
            : levels.IndexOf(v) is var i and >= 0 ? i
            : throw new InvalidDataException($"{path}: attribute '{name}' has the value '{v}', not one of its levels {{{string.Join(",", levels)}}}.")).ToArray(), levels);

    /// <summary>Splits a comma-separated list, honouring single and double quotes and trimming blanks.</summary>
    private static List<string> Split(string text)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        char quote = '\0';
        bool quoted = false;
        foreach (char c in text)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else current.Append(c);
            }
            else if (c is '\'' or '"' && current.ToString().Trim().Length == 0)
            {
                quote = c;
                quoted = true;
                current.Clear();
            }
            else if (c == ',')
            {
                parts.Add(quoted ? current.ToString() : current.ToString().Trim());
                current.Clear();
                quoted = false;
            }
            else if (!(quoted && char.IsWhiteSpace(c)))
                current.Append(c);
        }
        parts.Add(quoted ? current.ToString() : current.ToString().Trim());
        return parts;
    }
}
