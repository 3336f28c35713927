// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Security;
using System.Text;

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>
/// Renders the primary metric against density as a self-contained SVG: one polyline per sparse method (log-scale
/// x axis), error bars of one standard deviation, and horizontal dashed lines for reference rows (no density) and, as a
/// guide, for fully connected rows (density 1, also drawn as a point at 100%).
/// </summary>
internal static class DensityPlot
{
    private const double Width = 720, Height = 440, Left = 70, Right = 170, Top = 40, Bottom = 60;
    private static readonly string[] Palette = { "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf" };
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(ComparisonResult result)
    {
        string metric = result.PrimaryMetric;
        var sparse = result.Rows.Where(r => r.Density is not null && r.MetricMeans.ContainsKey(metric)).ToList();
        var flat = result.Rows.Where(r => r.Density is null && r.MetricMeans.ContainsKey(metric)).ToList();

        var densities = sparse.Select(r => r.Density!.Value).ToList();
        double xMin = densities.Count > 0 ? densities.Min() : 0.01, xMax = densities.Count > 0 ? densities.Max() : 1;
        if (xMax <= xMin)
        {
            xMin /= 2;
            xMax *= 2;
        }
        var values = result.Rows.Where(r => r.MetricMeans.ContainsKey(metric))
            .SelectMany(r => new[] { r.MetricMeans[metric] - r.MetricStandardDeviations[metric], r.MetricMeans[metric] + r.MetricStandardDeviations[metric] })
            .ToList();
        double yMin = values.Count > 0 ? values.Min() : 0, yMax = values.Count > 0 ? values.Max() : 1;
        double pad = Math.Max((yMax - yMin) * 0.08, 1e-3);
        yMin -= pad;
        yMax += pad;

        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        double X(double d) => Left + (Math.Log10(d) - Math.Log10(xMin)) / (Math.Log10(xMax) - Math.Log10(xMin)) * plotW;
        double Y(double v) => Top + (yMax - v) / (yMax - yMin) * plotH;

        var sb = new StringBuilder();
        sb.AppendLine(Fmt($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        sb.AppendLine(Fmt($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>"));
        sb.AppendLine(Fmt($"<text x=\"{Left}\" y=\"22\" font-size=\"15\">{Esc(metric)} vs density ({Esc(result.Task.ToString())})</text>"));
        sb.AppendLine(Fmt($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#333\"/>"));

        for (int i = 0; i <= 5; i++)
        {
            double v = yMin + (yMax - yMin) * i / 5;
            sb.AppendLine(Fmt($"<line x1=\"{Left - 4}\" y1=\"{Y(v)}\" x2=\"{Left + plotW}\" y2=\"{Y(v)}\" stroke=\"#ddd\"/>"));
            sb.AppendLine(Fmt($"<text x=\"{Left - 8}\" y=\"{Y(v) + 4}\" text-anchor=\"end\">{v.ToString("F3", Inv)}</text>"));
        }
        foreach (double d in densities.Distinct().OrderBy(d => d))
        {
            sb.AppendLine(Fmt($"<line x1=\"{X(d)}\" y1=\"{Top + plotH}\" x2=\"{X(d)}\" y2=\"{Top + plotH + 4}\" stroke=\"#333\"/>"));
            sb.AppendLine(Fmt($"<text x=\"{X(d)}\" y=\"{Top + plotH + 18}\" text-anchor=\"middle\">{(d * 100).ToString("0.##", Inv)}%</text>"));
        }
        sb.AppendLine(Fmt($"<text x=\"{Left + plotW / 2}\" y=\"{Height - 18}\" text-anchor=\"middle\">density of sparse layers (log scale)</text>"));

        int colour = 0, legend = 0;
        foreach (var group in sparse.GroupBy(r => r.Method))
        {
            string c = Palette[colour++ % Palette.Length];
            var points = group.OrderBy(r => r.Density).ToList();
            sb.Append(Fmt($"<polyline fill=\"none\" stroke=\"{c}\" stroke-width=\"2\" points=\""));
            sb.Append(string.Join(" ", points.Select(p => Fmt($"{X(p.Density!.Value)},{Y(p.MetricMeans[metric])}"))));
            sb.AppendLine("\"/>");
            foreach (var p in points)
            {
                double x = X(p.Density!.Value), m = p.MetricMeans[metric], s = p.MetricStandardDeviations[metric];
                sb.AppendLine(Fmt($"<circle cx=\"{x}\" cy=\"{Y(m)}\" r=\"3.5\" fill=\"{c}\"/>"));
                if (s > 0)
                    sb.AppendLine(Fmt($"<line x1=\"{x}\" y1=\"{Y(m - s)}\" x2=\"{x}\" y2=\"{Y(m + s)}\" stroke=\"{c}\"/>"));
            }
            bool fullyConnected = points.All(p => p.Density == 1.0);
            if (fullyConnected)
            {
                double y = Y(points[0].MetricMeans[metric]);
                sb.AppendLine(Fmt($"<line x1=\"{Left}\" y1=\"{y}\" x2=\"{Left + plotW}\" y2=\"{y}\" stroke=\"{c}\" stroke-width=\"1\" stroke-dasharray=\"2,4\"/>"));
            }
            AppendLegend(sb, legend++, c, group.Key, dashed: fullyConnected);
        }
        foreach (var row in flat)
        {
            string c = Palette[colour++ % Palette.Length];
            double y = Y(row.MetricMeans[metric]);
            sb.AppendLine(Fmt($"<line x1=\"{Left}\" y1=\"{y}\" x2=\"{Left + plotW}\" y2=\"{y}\" stroke=\"{c}\" stroke-width=\"1.5\" stroke-dasharray=\"6,4\"/>"));
            AppendLegend(sb, legend++, c, row.IsReference ? row.Method + " (ML.NET)" : row.Method, dashed: true);
        }
        sb.AppendLine("</svg>");
        return sb.ToString();
    }

    private static void AppendLegend(StringBuilder sb, int index, string colour, string label, bool dashed)
    {
        double x = Width - Right + 14, y = Top + 10 + index * 20;
        string dash = dashed ? " stroke-dasharray=\"6,4\"" : "";
        sb.AppendLine(Fmt($"<line x1=\"{x}\" y1=\"{y}\" x2=\"{x + 24}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>"));
        sb.AppendLine(Fmt($"<text x=\"{x + 30}\" y=\"{y + 4}\">{Esc(label)}</text>"));
    }

    private static string Fmt(FormattableString s) => s.ToString(Inv);

    private static string Esc(string s) => SecurityElement.Escape(s) ?? "";
}
