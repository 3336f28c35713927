// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// Writes GET /metrics in the Prometheus text exposition format 0.0.4: the request counters and latency histograms of
/// <see cref="ServerMetrics"/> and the model's state from <see cref="ModelSlot"/>. Every metric is named mlsparse_*.
/// </summary>
public static class PrometheusText
{
    /// <summary>The Content-Type of the text format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The whole exposition.</summary>
    public static string Write(ServerMetrics metrics, ModelSlot slot)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(slot);
        var text = new StringBuilder();
        var requests = metrics.Requests;
        Header(text, "mlsparse_http_requests_total", "counter", "HTTP requests answered, by route template and status code.");
        foreach (var (route, status, count) in requests)
            Line(text, "mlsparse_http_requests_total", $"route=\"{Escape(route)}\",status=\"{status}\"", count);
        Header(text, "mlsparse_http_errors_total", "counter", "HTTP requests answered with a status code of 400 or more, by status code.");
        foreach (var group in requests.Where(r => r.Status >= 400).GroupBy(r => r.Status).OrderBy(g => g.Key))
            Line(text, "mlsparse_http_errors_total", $"status=\"{group.Key}\"", group.Sum(r => r.Count));
        Header(text, "mlsparse_http_request_duration_seconds", "histogram", "Time from the first middleware to the response, by route template.");
        foreach (var (route, cumulative, sum) in metrics.Latency)
        {
            string label = $"route=\"{Escape(route)}\"";
            for (int i = 0; i < cumulative.Length; i++)
            {
                string le = i < ServerMetrics.LatencyBuckets.Length ? Number(ServerMetrics.LatencyBuckets[i]) : "+Inf";
                Line(text, "mlsparse_http_request_duration_seconds_bucket", $"{label},le=\"{le}\"", cumulative[i]);
            }
            text.Append("mlsparse_http_request_duration_seconds_sum{").Append(label).Append("} ").Append(Number(sum)).Append('\n');
            Line(text, "mlsparse_http_request_duration_seconds_count", label, cumulative[^1]);
        }

        var live = slot.Live;
        Header(text, "mlsparse_model_loaded", "gauge", "1 when a model is loaded and served (the replica is ready), else 0.");
        Line(text, "mlsparse_model_loaded", null, live is null ? 0 : 1);
        Header(text, "mlsparse_model_version", "gauge", "Version of the live model: 1 for the first load, +1 per reload that swapped a model in; 0 before any.");
        Line(text, "mlsparse_model_version", null, live?.Version ?? 0);
        Header(text, "mlsparse_model_info", "gauge", "Always 1; the labels identify the live model (first 16 hex digits of the file's SHA-256, task, feature count).");
        if (live is not null)
            Line(text, "mlsparse_model_info",
                $"sha256=\"{live.Sha256}\",kind=\"{Escape(live.Host.Kind)}\",features=\"{live.Host.FeatureCount.ToString(CultureInfo.InvariantCulture)}\"", 1);
        Header(text, "mlsparse_model_reloads_total", "counter", "Loads that swapped a model in after the start (reloads, and a background first load).");
        Line(text, "mlsparse_model_reloads_total", null, slot.Reloads);
        Header(text, "mlsparse_model_load_failures_total", "counter", "Loads and reloads whose file did not load (the live model, if any, stayed).");
        Line(text, "mlsparse_model_load_failures_total", null, slot.LoadFailures);
        return text.ToString();
    }

    /// <summary>A label value escaped as the format requires (backslash, double quote, line feed).</summary>
    public static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder text, string name, string? labels, long value)
    {
        text.Append(name);
        if (labels is not null)
            text.Append('{').Append(labels).Append('}');
        text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
