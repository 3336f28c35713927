// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Engine.Torch.Training;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>
/// Teacher-forced training of a <see cref="Seq2SeqTransformer"/>: each batch is padded (<see cref="TokenBatch"/>),
/// the decoder reads the target shifted right and the loss is the label-smoothed cross-entropy over the non-padding
/// target positions (<see cref="LabelSmoothedCrossEntropy"/>). Validation reports the same loss averaged over all
/// validation target tokens, and the token accuracy (share of target tokens whose most probable prediction is right).
/// </summary>
internal sealed class TranslationObjective : ITrainingObjective
{
    private const int ValidationChunk = 64;
    private readonly Seq2SeqTransformer _model;
    private readonly TranslationCorpus _train;
    private readonly TranslationCorpus? _validation;
    private readonly double _smoothing;
    private readonly Device _device;
    private readonly long _padId;

    public TranslationObjective(Seq2SeqTransformer model, TranslationCorpus train, TranslationCorpus? validation, double smoothing, Device device)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _train = train ?? throw new ArgumentNullException(nameof(train));
        _validation = validation;
        _smoothing = smoothing;
        _device = device;
        _padId = model.Architecture.PadId;
    }

    public int TrainingRows => _train.Count;

    public bool HasValidation => _validation is { Count: > 0 };

    public Tensor BatchLoss(long[] rows)
    {
        var (logits, labels) = Forward(_train, rows.Select(r => (int)r).ToArray());
        return LabelSmoothedCrossEntropy.Compute(logits, labels, _smoothing, _padId);
    }

    public ValidationResult Validate()
    {
        var v = _validation ?? throw new InvalidOperationException("No validation data.");
        double lossSum = 0;
        long tokens = 0, correct = 0;
        for (int start = 0; start < v.Count; start += ValidationChunk)
        {
            using var scope = NewDisposeScope();
            var rows = Enumerable.Range(start, Math.Min(ValidationChunk, v.Count - start)).ToArray();
            var (logits, labels) = Forward(v, rows);
            var keep = AttentionMasks.NotPadding(labels, _padId);
            long count = keep.sum().cpu().item<long>();
            if (count == 0)
                continue;
            lossSum += LabelSmoothedCrossEntropy.Compute(logits, labels, _smoothing, _padId).cpu().item<float>() * (double)count;
            correct += logits.argmax(-1).eq(labels).logical_and(keep).sum().cpu().item<long>();
            tokens += count;
        }
        return tokens == 0 ? new ValidationResult(0, null) : new ValidationResult(lossSum / tokens, (double)correct / tokens);
    }

    private (Tensor Logits, Tensor Labels) Forward(TranslationCorpus corpus, int[] rows)
    {
        var source = TokenBatch.Pad(rows.Select(r => (IReadOnlyList<int>)corpus.Sources[r]).ToList(), _padId, _device);
        var (decoderInput, labels) = TokenBatch.ShiftForTeacherForcing(rows.Select(r => (IReadOnlyList<int>)corpus.Targets[r]).ToList(), _padId, _device);
        return (_model.forward(source, decoderInput), labels);
    }
}
