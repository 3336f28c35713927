// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>
/// Inference for <see cref="Seq2SeqTransformer"/>: batched greedy search and beam search (per sentence, beams batched).
/// Both run in eval mode without gradients (the module's training flag is restored) and are deterministic:
/// ties between equal scores go to the smaller token id (as torch.argmax does) and then to the earlier beam.
/// Results are the generated ids without &lt;s&gt; and without the final &lt;/s&gt;.
/// The decoder is re-run over the whole prefix at each step (no key/value cache).
/// </summary>
internal static class TransformerDecoding
{
    /// <summary>Greedy search when <see cref="DecodingOptions.BeamSize"/> is 1, else beam search.</summary>
    public static int[][] Decode(Seq2SeqTransformer model, Tensor source, DecodingOptions options)
        => options.BeamSize == 1 ? Greedy(model, source, options) : BeamSearch(model, source, options);

    /// <summary>Batched greedy search: each step appends the most probable token to every unfinished sentence.</summary>
    /// <param name="model">The model.</param>
    /// <param name="source">Source ids [B, S] (padded), on the model's device.</param>
    /// <param name="options">Max length and special ids (beam settings are ignored).</param>
    public static int[][] Greedy(Seq2SeqTransformer model, Tensor source, DecodingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(model.Architecture);
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            long batch = source.shape[0];
            var (memory, sourcePadding) = model.Encode(source);
            var outputs = Enumerable.Range(0, (int)batch).Select(_ => new List<int>()).ToArray();
            var finished = new bool[batch];
            using var begin = ((long)options.BeginId).ToScalar();
            var prefix = full(batch, 1, begin, ScalarType.Int64, source.device);
            for (int step = 0; step < options.MaxLength && finished.Contains(false); step++)
            {
                using var stepScope = NewDisposeScope();
                var logits = model.Decode(prefix, memory, sourcePadding).select(1, -1);
                var next = nn.functional.log_softmax(logits, -1).argmax(-1).cpu().data<long>().ToArray();
                for (int b = 0; b < batch; b++)
                {
                    if (finished[b])
                    {
                        next[b] = model.Architecture.PadId;
                        continue;
                    }
                    if (next[b] == options.EndId)
                        finished[b] = true;
                    else
                        outputs[b].Add((int)next[b]);
                }
                var column = tensor(next, new long[] { batch, 1 }, ScalarType.Int64).to(source.device);
                prefix = cat(new[] { prefix, column }, 1).MoveToOuterDisposeScope();
            }
            return outputs.Select(o => o.ToArray()).ToArray();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>
    /// Beam search, one sentence at a time with its beams as the batch. At each step every live beam is extended by
    /// every token; candidates are ranked by total log-probability (ties: smaller beam index, then smaller token id).
    /// A &lt;/s&gt; candidate ranked within the top <see cref="DecodingOptions.BeamSize"/> becomes a finished hypothesis;
    /// the best other candidates (up to BeamSize) stay alive. Search stops when BeamSize hypotheses have finished or
    /// MaxLength is reached (live beams then count as finished). The finished hypothesis with the best length-penalised
    /// score wins (ties: the one finished first).
    /// </summary>
    public static int[][] BeamSearch(Seq2SeqTransformer model, Tensor source, DecodingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(model.Architecture);
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            var results = new int[source.shape[0]][];
            for (long i = 0; i < source.shape[0]; i++)
            {
                using var scope = NewDisposeScope();
                results[i] = BeamSearchOne(model, source.narrow(0, i, 1), options);
            }
            return results;
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private static int[] BeamSearchOne(Seq2SeqTransformer model, Tensor source, DecodingOptions options)
    {
        int beamSize = options.BeamSize;
        var (memory, sourcePadding) = model.Encode(source);
        var beams = new List<(List<int> Tokens, double Score)> { (new List<int> { options.BeginId }, 0.0) };
        var finished = new List<(int[] Tokens, double Normalized)>();
        for (int step = 1; step <= options.MaxLength && beams.Count > 0 && finished.Count < beamSize; step++)
        {
            using var stepScope = NewDisposeScope();
            int live = beams.Count;
            var prefix = tensor(beams.SelectMany(b => b.Tokens.Select(t => (long)t)).ToArray(),
                                new long[] { live, step }, ScalarType.Int64).to(source.device);
            var logits = model.Decode(prefix, memory.expand(live, -1, -1), sourcePadding.expand(live, -1)).select(1, -1);
            var logProbs = nn.functional.log_softmax(logits, -1).cpu().data<float>().ToArray();
            int vocabulary = logProbs.Length / live;

            var candidates = TopCandidates(beams, logProbs, vocabulary, 2 * beamSize);
            var next = new List<(List<int>, double)>(beamSize);
            for (int rank = 0; rank < candidates.Count && next.Count < beamSize; rank++)
            {
                var (beam, token, score) = candidates[rank];
                if (token == options.EndId)
                {
                    if (rank < beamSize)
                        finished.Add((beams[beam].Tokens.Skip(1).ToArray(), Normalize(score, step, options.LengthPenaltyAlpha)));
                    continue;
                }
                next.Add((new List<int>(beams[beam].Tokens) { token }, score));
            }
            beams = next;
        }
        if (finished.Count == 0 || finished.Count < beamSize)
            foreach (var (tokens, score) in beams)
                finished.Add((tokens.Skip(1).ToArray(), Normalize(score, tokens.Count - 1, options.LengthPenaltyAlpha)));
        int best = 0;
        for (int i = 1; i < finished.Count; i++)
            if (finished[i].Normalized > finished[best].Normalized)
                best = i;
        return finished[best].Tokens;
    }

    /// <summary>The <paramref name="count"/> best (beam, token, total score) extensions, best first, deterministic order.</summary>
    private static List<(int Beam, int Token, double Score)> TopCandidates(
        List<(List<int> Tokens, double Score)> beams, float[] logProbs, int vocabulary, int count)
    {
        var best = new List<(int Beam, int Token, double Score)>(count + 1);
        for (int b = 0; b < beams.Count; b++)
        {
            double baseScore = beams[b].Score;
            for (int v = 0; v < vocabulary; v++)
            {
                double score = baseScore + logProbs[b * vocabulary + v];
                if (best.Count == count && score <= best[^1].Score)
                    continue; // not strictly better than the worst kept: later (beam, token) loses ties
                int at = best.Count;
                while (at > 0 && best[at - 1].Score < score)
                    at--;
                best.Insert(at, (b, v, score));
                if (best.Count > count)
                    best.RemoveAt(best.Count - 1);
            }
        }
        return best;
    }

    /// <summary>GNMT length normalisation: score / ((5 + length) / 6)^α.</summary>
    internal static double Normalize(double logProbability, int length, double alpha) =>
        alpha == 0 ? logProbability : logProbability / Math.Pow((5.0 + length) / 6.0, alpha);
}
