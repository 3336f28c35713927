// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Schedules;

namespace Microsoft.ML.Sparse.Engine.Core;

/// <summary>
/// What a <see cref="SparseTrainingMethod"/> does, resolved from the options:
/// <list type="table">
/// <item><term>Chts</term><description>options' removal, predictor and regrowth selection; percolation per options.</description></item>
/// <item><term>Chtss</term><description>as Chts plus the sigmoid density decay with relative-importance pruning.</description></item>
/// <item><term>Gmp</term><description>cubic density decay with hard weight-magnitude pruning; no removal (ζ = 0), no regrowth, no percolation.</description></item>
/// <item><term>GraNet</term><description>the cubic magnitude pruning of Gmp plus RigL's removal and gradient regrowth, no percolation.</description></item>
/// <item><term>Set</term><description>hard weight magnitude removal, random regrowth, no percolation.</description></item>
/// <item><term>RigL</term><description>hard weight magnitude removal, gradient-magnitude top-k regrowth, no percolation.</description></item>
/// <item><term>Static</term><description>masked training on the initial mask, no rounds.</description></item>
/// <item><term>Dense</term><description>all-ones masks, no masking, no rounds.</description></item>
/// </list>
/// Random and gradient scores are always selected by top-k (for random scores that is a uniform random subset).
/// </summary>
internal sealed record EvolutionPlan(
    bool UsesMasks,
    bool Evolves,
    bool DensityDecay,
    LinkRemoval Removal,
    LinkPredictor Predictor,
    RegrowthSelection Selection,
    bool Percolation)
{
    public bool NeedsGradients => Evolves && Predictor == LinkPredictor.GradientMagnitude;

    /// <summary>The curve of the density decay (when <see cref="DensityDecay"/>).</summary>
    public DensityDecayShape DecayShape { get; init; } = DensityDecayShape.Sigmoid;

    /// <summary>The hard criterion that prunes a layer down to the decayed density (when <see cref="DensityDecay"/>).</summary>
    public LinkRemoval Pruning { get; init; } = LinkRemoval.RelativeImportance;

    /// <summary>Whether rounds remove ζ_t of the links (false for GMP, which only prunes).</summary>
    public bool RemovesLinks { get; init; } = true;

    public static EvolutionPlan For(TopologySettings options) => options.Method switch
    {
        SparseTrainingMethod.Chts => Ch(options, decay: false),
        SparseTrainingMethod.Chtss => Ch(options, decay: true),
        SparseTrainingMethod.Set => new EvolutionPlan(true, true, false, LinkRemoval.WeightMagnitude, LinkPredictor.Random, RegrowthSelection.TopK, false),
        SparseTrainingMethod.RigL => new EvolutionPlan(true, true, false, LinkRemoval.WeightMagnitude, LinkPredictor.GradientMagnitude, RegrowthSelection.TopK, false),
        SparseTrainingMethod.Static => new EvolutionPlan(true, false, false, options.Removal, options.Predictor, options.Regrowth, false),
        SparseTrainingMethod.Dense => new EvolutionPlan(false, false, false, options.Removal, options.Predictor, options.Regrowth, false),
        SparseTrainingMethod.Gmp => new EvolutionPlan(true, true, true, LinkRemoval.WeightMagnitude, LinkPredictor.Random, RegrowthSelection.TopK, false)
        {
            DecayShape = DensityDecayShape.Cubic,
            Pruning = LinkRemoval.WeightMagnitude,
            RemovesLinks = false,
        },
        SparseTrainingMethod.GraNet => new EvolutionPlan(true, true, true, LinkRemoval.WeightMagnitude, LinkPredictor.GradientMagnitude, RegrowthSelection.TopK, false)
        {
            DecayShape = DensityDecayShape.Cubic,
            Pruning = LinkRemoval.WeightMagnitude,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Method, "Unknown sparse training method."),
    };

    private static EvolutionPlan Ch(TopologySettings options, bool decay)
    {
        var selection = options.Predictor is LinkPredictor.Random or LinkPredictor.GradientMagnitude ? RegrowthSelection.TopK : options.Regrowth;
        return new EvolutionPlan(true, true, decay, options.Removal, options.Predictor, selection, options.Percolation);
    }
}
