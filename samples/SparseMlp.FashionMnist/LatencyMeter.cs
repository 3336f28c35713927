// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Samples.FashionMnist;

/// <summary>Median single-row PredictionEngine latency of a model, after a warm-up.</summary>
internal static class LatencyMeter
{
    public sealed class ImageRow
    {
        [VectorType(784)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    public sealed class Prediction
    {
        public uint PredictedLabel { get; set; }
    }

    public static double MedianMicroseconds(MLContext ml, ITransformer model, IReadOnlyList<float[]> rows, int samples = 1000)
    {
        using var engine = ml.Model.CreatePredictionEngine<ImageRow, Prediction>(model);
        var input = new ImageRow();
        for (int i = 0; i < 200; i++)
        {
            input.Features = rows[i % rows.Count];
            engine.Predict(input);
        }
        var times = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            input.Features = rows[i % rows.Count];
            long start = Stopwatch.GetTimestamp();
            engine.Predict(input);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(times);
        return times[samples / 2];
    }
}
