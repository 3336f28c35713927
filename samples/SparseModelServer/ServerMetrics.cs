// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Collections.Concurrent;
using System.Diagnostics;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// Request counters and latency histograms, per route pattern (the endpoint's template, e.g. "/predict"; "unmatched"
/// for paths no endpoint serves, so a scanner cannot grow the label set) and status code. Thread-safe and lock-free on
/// the request path; <see cref="PrometheusText"/> writes them with the model gauges.
/// </summary>
public sealed class ServerMetrics
{
    /// <summary>Upper bounds (seconds) of the latency histogram buckets; a final +Inf bucket counts every request.</summary>
    public static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>The route label of requests that matched no endpoint.</summary>
    public const string UnmatchedRoute = "unmatched";

    private readonly ConcurrentDictionary<(string Route, int Status), StrongBox<long>> _requests = new();
    private readonly ConcurrentDictionary<string, RouteLatency> _latency = new();

    /// <summary>Records one finished request.</summary>
    public void Record(string route, int status, long startTimestamp)
    {
        double seconds = Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        Interlocked.Increment(ref _requests.GetOrAdd((route, status), _ => new StrongBox<long>()).Value);
        _latency.GetOrAdd(route, _ => new RouteLatency()).Add(seconds);
    }

    /// <summary>Requests so far by route and status code, sorted.</summary>
    public IReadOnlyList<(string Route, int Status, long Count)> Requests =>
        _requests.Select(p => (p.Key.Route, p.Key.Status, Interlocked.Read(ref p.Value.Value))).OrderBy(r => r.Route, StringComparer.Ordinal).ThenBy(r => r.Status).ToList();

    /// <summary>Latency histogram per route, sorted by route: cumulative counts per bucket (the last is +Inf), sum in seconds.</summary>
    public IReadOnlyList<(string Route, long[] Cumulative, double SumSeconds)> Latency =>
        _latency.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value.Cumulative(), p.Value.SumSeconds)).ToList();

    /// <summary>Mutable box shared by the counters (a class so Interlocked can update it in place).</summary>
    private sealed class StrongBox<T>
        where T : struct
    {
        public T Value;
    }

    private sealed class RouteLatency
    {
        private readonly long[] _buckets = new long[LatencyBuckets.Length + 1];
        private long _sumMicroseconds;

        public double SumSeconds => Interlocked.Read(ref _sumMicroseconds) / 1e6;

        public void Add(double seconds)
        {
            int bucket = 0;
            while (bucket < LatencyBuckets.Length && seconds > LatencyBuckets[bucket])
                bucket++;
            Interlocked.Increment(ref _buckets[bucket]);
            Interlocked.Add(ref _sumMicroseconds, (long)Math.Round(seconds * 1e6));
        }

        public long[] Cumulative()
        {
            var result = new long[_buckets.Length];
            long total = 0;
            for (int i = 0; i < _buckets.Length; i++)
                result[i] = total += Interlocked.Read(ref _buckets[i]);
            return result;
        }
    }
}
