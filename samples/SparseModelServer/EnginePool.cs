// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.Extensions.ObjectPool;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// A pool of <see cref="PredictionEngine{TSrc,TDst}"/>s (each is not thread-safe; the pool gives every request its own)
/// over <see cref="FeatureRow{TLabel}"/> and <see cref="ScoreRow{TLabel}"/>, whose label types are known only once the
/// model is loaded.
/// </summary>
public sealed class EnginePool
{
    private readonly ObjectPool<IScorer> _pool;

    /// <summary>Creates the pool; the schema definitions map the rows' members to the model's columns.</summary>
    public EnginePool(MLContext ml, ITransformer model, Type inputLabelType, SchemaDefinition input, Type outputLabelType, SchemaDefinition output, int size)
    {
        var policyType = typeof(Policy<,>).MakeGenericType(inputLabelType, outputLabelType);
        var policy = (IPooledObjectPolicy<IScorer>)Activator.CreateInstance(policyType, ml, model, input, output)!;
        _pool = new DefaultObjectPool<IScorer>(policy, size);
    }

    /// <summary>Scores rows in order with one pooled engine.</summary>
    public RawPrediction[] Score(IReadOnlyList<float[]> rows)
    {
        var engine = _pool.Get();
        try
        {
            var results = new RawPrediction[rows.Count];
            for (int i = 0; i < results.Length; i++)
                results[i] = engine.Score(rows[i]);
            return results;
        }
        finally
        {
            _pool.Return(engine);
        }
    }

    private interface IScorer
    {
        RawPrediction Score(float[] features);
    }

    private sealed class Policy<TIn, TOut>(MLContext ml, ITransformer model, SchemaDefinition input, SchemaDefinition output) : IPooledObjectPolicy<IScorer>
    {
        private readonly bool _hasLabel = output.Any(c => c.MemberName == nameof(ScoreRow<bool>.PredictedLabel));

        public IScorer Create() => new Scorer(ml.Model.CreatePredictionEngine<FeatureRow<TIn>, ScoreRow<TOut>>(
            model, ignoreMissingColumns: true, inputSchemaDefinition: input, outputSchemaDefinition: output), _hasLabel);

        public bool Return(IScorer obj) => true;

        private sealed class Scorer(PredictionEngine<FeatureRow<TIn>, ScoreRow<TOut>> engine, bool hasLabel) : IScorer
        {
            private readonly FeatureRow<TIn> _row = new();

            public RawPrediction Score(float[] features)
            {
                _row.Features = features;
                var result = engine.Predict(_row);
                return new RawPrediction(result.Vector, result.Scalar, result.Probability, hasLabel ? result.PredictedLabel : null);
            }
        }
    }
}
