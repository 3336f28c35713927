// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Engine.Torch.Training;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>
/// Mini-batch loss and validation metrics of a <see cref="TransformerTextClassifier"/>: each batch is right-padded to
/// its longest text (<see cref="TokenBatch.Pad"/>; padding is masked out of attention and pooling). Training loss:
/// label-smoothed cross-entropy (PyTorch's definition). Validation: plain cross-entropy and accuracy, over batches of
/// texts of similar length (sorted once) so that little padding is computed.
/// </summary>
internal sealed class TextClassificationObjective : ITrainingObjective
{
    private const int ValidationBatch = 64;
    private readonly TransformerTextClassifier _model;
    private readonly TokenizedTexts _train;
    private readonly TokenizedTexts? _validation;
    private readonly int[]? _validationByLength;
    private readonly double _labelSmoothing;
    private readonly Device _device;
    private readonly long _padId;

    public TextClassificationObjective(TransformerTextClassifier model, TokenizedTexts train, TokenizedTexts? validation, double labelSmoothing, Device device)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _train = train ?? throw new ArgumentNullException(nameof(train));
        if (labelSmoothing is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must be in [0, 1).");
        _validation = validation is { Count: > 0 } ? validation : null;
        _validationByLength = _validation is null ? null
            : Enumerable.Range(0, _validation.Count).OrderBy(i => _validation.Ids[i].Count).ThenBy(i => i).ToArray();
        _labelSmoothing = labelSmoothing;
        _device = device;
        _padId = model.Architecture.PadId;
    }

    public int TrainingRows => _train.Count;

    public bool HasValidation => _validation != null;

    public Tensor BatchLoss(long[] rows)
    {
        var (input, target) = Batch(_train, rows.Select(r => (int)r));
        return nn.functional.cross_entropy(_model.forward(input), target, label_smoothing: _labelSmoothing);
    }

    public ValidationResult Validate()
    {
        var v = _validation ?? throw new InvalidOperationException("No validation data.");
        var order = _validationByLength!;
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < order.Length; start += ValidationBatch)
        {
            using var scope = NewDisposeScope();
            var (input, target) = Batch(v, order.Skip(start).Take(ValidationBatch));
            var logits = _model.forward(input);
            lossSum += nn.functional.cross_entropy(logits, target, reduction: nn.Reduction.Sum).cpu().item<float>();
            correct += logits.argmax(1).eq(target).sum().cpu().item<long>();
        }
        return new ValidationResult(lossSum / v.Count, (double)correct / v.Count);
    }

    private (Tensor Input, Tensor Target) Batch(TokenizedTexts data, IEnumerable<int> rows)
    {
        var list = rows.ToList();
        var input = TokenBatch.Pad(list.Select(r => data.Ids[r]).ToList(), _padId, _device);
        var target = tensor(list.Select(r => (long)data.Classes[r]).ToArray(), ScalarType.Int64);
        return (input, _device.type == DeviceType.CPU ? target : target.to(_device));
    }
}
