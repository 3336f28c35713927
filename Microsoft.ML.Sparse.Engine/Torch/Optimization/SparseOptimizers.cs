// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Torch.Optimization;

/// <summary>
/// Optimizers whose state the <see cref="SparseTopologyScheduler"/> can mask (TorchSharp's managed SGD, Adam and
/// AdamW), plus learning-rate access for per-step schedules.
/// </summary>
internal static class SparseOptimizers
{
    /// <summary>SGD with (heavy-ball, non-Nesterov) momentum and L2 weight decay, as in the paper's MLP setup (momentum 0.9, weight decay 5e-4).</summary>
    public static optim.Optimizer CreateSgd(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0.9, double weightDecay = 0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        CheckNonNegative(learningRate, nameof(learningRate));
        CheckNonNegative(momentum, nameof(momentum));
        CheckNonNegative(weightDecay, nameof(weightDecay));
        return optim.SGD(parameters, learningRate, momentum: momentum, dampening: 0, weight_decay: weightDecay, nesterov: false);
    }

    /// <summary>
    /// Adam (L2 weight decay added to the gradient) or, with <paramref name="decoupledWeightDecay"/>, AdamW.
    /// </summary>
    public static optim.Optimizer CreateAdam(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool decoupledWeightDecay = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        CheckNonNegative(learningRate, nameof(learningRate));
        if (!(beta1 >= 0 && beta1 < 1))
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1))
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!(eps > 0))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be positive.");
        CheckNonNegative(weightDecay, nameof(weightDecay));
        return decoupledWeightDecay
            ? optim.AdamW(parameters, learningRate, beta1, beta2, eps, weightDecay)
            : optim.Adam(parameters, learningRate, beta1, beta2, eps, weightDecay);
    }

    /// <summary>Sets the learning rate of every parameter group (call before <c>step()</c> for per-step schedules).</summary>
    public static void SetLearningRate(optim.Optimizer optimizer, double learningRate)
    {
        CheckNonNegative(learningRate, nameof(learningRate));
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = learningRate;
    }

    /// <summary>The learning rate of the first parameter group.</summary>
    public static double GetLearningRate(optim.Optimizer optimizer) => optimizer.ParamGroups.First().LearningRate;

    private static void CheckNonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite non-negative number.");
    }
}
