// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Engine.Torch.Training;

namespace Microsoft.ML.Sparse.Engine.Networks;

/// <summary>Mini-batch loss and validation metrics of an MLP on in-memory rows.</summary>
internal sealed class MlpObjective : ITrainingObjective
{
    private const int ValidationChunk = 4096;
    private readonly SparseMlpNetwork _network;
    private readonly MlpRows _train;
    private readonly MlpRows? _validation;
    private readonly MlpLoss _loss;

    public MlpObjective(SparseMlpNetwork network, MlpRows train, MlpRows? validation, MlpLoss loss)
    {
        _network = network;
        _train = train;
        _validation = validation;
        _loss = loss;
    }

    public int TrainingRows => _train.Rows;

    public bool HasValidation => _validation != null;

    public Tensor BatchLoss(long[] rows)
    {
        var index = tensor(rows).to(_train.Features.device);
        return Loss(_network.forward(_train.Features.index_select(0, index)), _train.Targets.index_select(0, index), "mean");
    }

    public ValidationResult Validate()
    {
        var v = _validation ?? throw new InvalidOperationException("No validation data.");
        double lossSum = 0;
        long correct = 0;
        for (long start = 0; start < v.Rows; start += ValidationChunk)
        {
            using var scope = NewDisposeScope();
            long length = Math.Min(ValidationChunk, v.Rows - start);
            var output = _network.forward(v.Features.narrow(0, start, length));
            var target = v.Targets.narrow(0, start, length);
            lossSum += Loss(output, target, "sum").cpu().item<float>();
            if (_loss == MlpLoss.CrossEntropy)
                correct += output.argmax(1).eq(target).sum().cpu().item<long>();
            else if (_loss == MlpLoss.BinaryLogistic)
                correct += output.squeeze(1).gt(0).eq(target.gt(0.5)).sum().cpu().item<long>();
        }
        double? accuracy = _loss == MlpLoss.SquaredError ? null : (double)correct / v.Rows;
        return new ValidationResult(lossSum / v.Rows, accuracy);
    }

    private Tensor Loss(Tensor output, Tensor target, string reduction)
    {
        var r = reduction == "sum" ? nn.Reduction.Sum : nn.Reduction.Mean;
        return _loss switch
        {
            MlpLoss.CrossEntropy => nn.functional.cross_entropy(output, target, reduction: r),
            MlpLoss.BinaryLogistic => nn.functional.binary_cross_entropy_with_logits(output.squeeze(1), target, reduction: r),
            _ => nn.functional.mse_loss(output.squeeze(1), target, reduction: r),
        };
    }
}
