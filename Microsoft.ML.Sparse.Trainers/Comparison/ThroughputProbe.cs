// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>Times batch scoring: one pass of <c>model.Transform</c> over cached test rows, reading the Score column.</summary>
internal static class ThroughputProbe
{
    /// <summary>The first <paramref name="count"/> rows, cached in memory and read once so that timing excludes the source.</summary>
    public static IDataView CacheRows(MLContext ml, IDataView test, int count)
    {
        var cached = ml.Data.Cache(ml.Data.TakeRows(test, count));
        using (var cursor = cached.GetRowCursor(cached.Schema))
            while (cursor.MoveNext())
            {
            }
        return cached;
    }

    /// <summary>Rows per second of one pass (NaN when the model has no Single or vector-of-Single Score column).</summary>
    public static double RowsPerSecond(ITransformer model, IDataView rows)
    {
        var scored = model.Transform(rows);
        if (scored.Schema.GetColumnOrNull("Score") is not { } score)
            return double.NaN;
        long count = 0;
        var watch = Stopwatch.StartNew();
        using (var cursor = scored.GetRowCursor(new[] { score }))
        {
            if (score.Type is VectorDataViewType { ItemType: NumberDataViewType n } && n.RawType == typeof(float))
            {
                var getter = cursor.GetGetter<VBuffer<float>>(score);
                VBuffer<float> value = default;
                while (cursor.MoveNext())
                {
                    getter(ref value);
                    count++;
                }
            }
            else if (score.Type == NumberDataViewType.Single)
            {
                var getter = cursor.GetGetter<float>(score);
                float value = 0;
                while (cursor.MoveNext())
                {
                    getter(ref value);
                    count++;
                }
            }
            else
            {
                return double.NaN;
            }
        }
        double seconds = watch.Elapsed.TotalSeconds;
        return count == 0 || seconds <= 0 ? double.NaN : count / seconds;
    }
}
