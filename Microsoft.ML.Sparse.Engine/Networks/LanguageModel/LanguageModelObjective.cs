// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Training;

namespace Microsoft.ML.Sparse.Engine.Networks.LanguageModel;

/// <summary>
/// Next-token training of a <see cref="DecoderOnlyTransformer"/>: a training row is one token window
/// (<see cref="TokenWindows"/>); the loss is the (optionally label-smoothed) cross-entropy over the window's predicted
/// ids. Validation reports the mean negative log-likelihood per predicted validation token (natural log; the
/// perplexity is its exponential), without smoothing.
/// </summary>
internal sealed class LanguageModelObjective : ITrainingObjective
{
    private readonly DecoderOnlyTransformer _model;
    private readonly IReadOnlyList<int[]> _train;
    private readonly IReadOnlyList<int[]>? _validation;
    private readonly long _validationTokens;
    private readonly double _smoothing;
    private readonly Device _device;

    /// <param name="model">The model.</param>
    /// <param name="train">Training windows (2..MaxLength + 1 ids each).</param>
    /// <param name="validation">Validation windows, or null.</param>
    /// <param name="smoothing">Label smoothing ε in [0, 1).</param>
    /// <param name="device">Where the model lives.</param>
    public LanguageModelObjective(DecoderOnlyTransformer model, IReadOnlyList<int[]> train, IReadOnlyList<int[]>? validation, double smoothing, Device device)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _train = train ?? throw new ArgumentNullException(nameof(train));
        if (train.Count == 0)
            throw new ArgumentException("No training windows.", nameof(train));
        _validation = validation;
        _validationTokens = validation is null ? 0 : TokenWindows.PredictedTokens(validation);
        _smoothing = smoothing;
        _device = device;
    }

    /// <inheritdoc/>
    public int TrainingRows => _train.Count;

    /// <inheritdoc/>
    public bool HasValidation => _validationTokens > 0;

    /// <inheritdoc/>
    public Tensor BatchLoss(long[] rows)
    {
        var (input, labels) = LanguageModelScoring.Shift(rows.Select(r => _train[(int)r]).ToList(), _model.Architecture.PadId, _device);
        return LabelSmoothedCrossEntropy.Compute(_model.forward(input), labels, _smoothing, _model.Architecture.PadId);
    }

    /// <inheritdoc/>
    public ValidationResult Validate()
    {
        var windows = _validation ?? throw new InvalidOperationException("No validation data.");
        double logLikelihood = LanguageModelScoring.LogProbabilities(_model, windows, _device).Sum();
        return new ValidationResult(-logLikelihood / _validationTokens, null);
    }
}
