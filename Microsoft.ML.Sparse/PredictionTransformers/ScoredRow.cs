// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Scoring;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Per-cursor cache shared by the getters of one prediction transformer (Score, Probability, PredictedLabel): the
/// row is scored once, when the first getter asks for a new row position. Used by one thread only.
/// </summary>
internal sealed class ScoredRow : IDisposable
{
    private readonly DataViewRow _input;
    private readonly ISparseRowScorer _scorer;
    private readonly Action<float[]> _postProcess;
    private readonly float[] _outputs;
    private long _position = long.MinValue;

    public ScoredRow(DataViewRow input, ISparseRowScorer scorer, int outputSize, Action<float[]> postProcess)
    {
        _input = input;
        _scorer = scorer;
        _postProcess = postProcess;
        _outputs = new float[outputSize];
    }

    /// <summary>The (post-processed) outputs of the input's current row.</summary>
    public float[] Outputs
    {
        get
        {
            long position = _input.Position;
            if (position != _position || position < 0)
            {
                _scorer.ScoreCurrentRow(_outputs);
                _postProcess(_outputs);
                _position = position;
            }
            return _outputs;
        }
    }

    public void Dispose() => _scorer.Dispose();
}
