// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// A learning-curve chart (one line per series: a value per epoch) written as SVG with ScottPlot, for the benchmark
/// reports. Only the benchmarks use ScottPlot; the library's own <c>ComparisonResult.SaveDensityPlotSvg</c> stays
/// hand-written so that the packages take no plotting or native graphics dependency.
/// </summary>
internal static class LearningCurveChart
{
    /// <summary>Writes the chart to <paramref name="path"/> (SVG, 900 × 520).</summary>
    /// <param name="path">Output file.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="yLabel">Label of the vertical axis.</param>
    /// <param name="series">One line per entry: legend text and a value per epoch (epoch 1 first).</param>
    /// <param name="bottom">Lowest value shown, so the interesting part of the curves is not squeezed by the first epochs; null: automatic.</param>
    public static void WriteSvg(string path, string title, string yLabel, IEnumerable<(string Label, double[] PerEpoch)> series, double? bottom = null)
    {
        var plot = new ScottPlot.Plot();
        double top = double.MinValue;
        foreach (var (label, values) in series)
        {
            var epochs = Enumerable.Range(1, values.Length).Select(e => (double)e).ToArray();
            var line = plot.Add.ScatterLine(epochs, values);
            line.LegendText = label;
            top = Math.Max(top, values.Max());
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        if (bottom is { } low && top > low)
            plot.Axes.SetLimitsY(low, top + (top - low) * 0.05);
        plot.SaveSvg(path, 900, 520);
    }
}
