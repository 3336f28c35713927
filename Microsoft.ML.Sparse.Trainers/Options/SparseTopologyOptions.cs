// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>
/// Settings of sparse topology training (CHTs / CHTss and the SET, RigL, GMP, GraNet, static and dense baselines).
/// The defaults follow the paper (arXiv 2501.19107, NeurIPS 2025); where the released reference code behaves
/// differently the field's documentation says so, and the code's behaviour is available as an option.
/// See <c>docs/algorithm.md</c> for the formulas as implemented.
/// </summary>
public sealed class SparseTopologyOptions
{
    /// <summary>Training method. Default <see cref="SparseTrainingMethod.Chts"/>.</summary>
    public SparseTrainingMethod Method = SparseTrainingMethod.Chts;

    /// <summary>
    /// Final density (fraction of links kept) of every sparse layer, 0 &lt; density ≤ 1. Each sparse layer holds exactly
    /// round(density · out · in) links (at least one). Null (default): chosen by the trainer. The sparse MLP gives every
    /// hidden neuron about <see cref="SparseMlpDefaults.LinksPerNeuron"/> incoming links (12.5% for 256-wide hidden
    /// layers, 6.25% for 512, 2% for the 1568 of 784 image pixels), between the paper's 1%
    /// (<see cref="SparseMlpDefaults.PaperDensity"/>) and <see cref="SparseMlpDefaults.MaximumAutomaticDensity"/>; the
    /// Transformer trainers set their own value. Set it to fix the density.
    /// </summary>
    public double? Density;

    /// <summary>
    /// CHTss, GMP and GraNet: density at the start of training, from which the schedule (sigmoid for CHTss, cubic for
    /// GMP and GraNet) decays to <see cref="Density"/>. Default 0.5 (the paper's s_i = 0.5 for all main experiments and
    /// its GMP/GraNet baselines). Must be ≥ <see cref="Density"/>.
    /// </summary>
    public double InitialDensity = 0.5;

    /// <summary>
    /// Fraction ζ of each layer's links removed (and regrown) per topology round, 0 ≤ ζ &lt; 1. Default 0.3
    /// (paper, MLP and Transformer; the paper uses 0.1 for LLaMA). GraNet's prune-and-regrow uses it too; GMP ignores it.
    /// </summary>
    public double Zeta = 0.3;

    /// <summary>
    /// Whether ζ decays with a cosine, ζ_t = ζ/2 · (1 + cos(π·t / T_end)). Default true: every released CHTs
    /// command uses it (<c>--adaptive_zeta</c>) although the paper does not mention it. False keeps ζ constant.
    /// </summary>
    public bool CosineZetaDecay = true;

    /// <summary>
    /// Number of <see cref="UpdateIntervalUnit"/>s between topology rounds, ≥ 1. Null (default): the sparse MLP
    /// schedules rounds in steps so that a run gets about <see cref="SparseMlpDefaults.TopologyRounds"/> of them
    /// whatever its length, and at least one per epoch; elsewhere 1 <see cref="UpdateIntervalUnit"/>.
    /// </summary>
    public int? UpdateInterval;

    /// <summary>Unit of <see cref="UpdateInterval"/>. Default <see cref="Sparse.UpdateIntervalUnit.Epochs"/> (MLP setting; Transformers use 100 steps).</summary>
    public UpdateIntervalUnit UpdateIntervalUnit = UpdateIntervalUnit.Epochs;

    /// <summary>
    /// Fraction of the training steps after which the topology is frozen (T_end), 0 &lt; f ≤ 1. Default 0.75, as in
    /// all released commands (not stated in the paper). Rounds run at steps t with t mod ΔT = 0 and t &lt; T_end.
    /// </summary>
    public double TopologyEndFraction = 0.75;

    /// <summary>Link removal criterion. Default <see cref="LinkRemoval.WeightMagnitudeSoft"/> (paper's best, Table 12). Used by CHTs/CHTss; SET, RigL and GraNet always use hard weight magnitude, GMP removes nothing.</summary>
    public LinkRemoval Removal = LinkRemoval.WeightMagnitudeSoft;

    /// <summary>
    /// Removal temperature T at the first step (soft removal keeps links with probability ∝ score^T; higher T is
    /// more deterministic). T rises linearly in the step up to <see cref="EndTemperature"/> at T_end. Default 1.
    /// </summary>
    public double StartTemperature = 1;

    /// <summary>
    /// Removal temperature at T_end. Default 3 (the MLP/Transformer code's hard-coded 1 → 3, i.e. the paper's
    /// softness δ 0.5 → 0.75 under T = δ/(1−δ)); the LLaMA scripts use 9 (δ 0.5 → 0.9).
    /// </summary>
    public double EndTemperature = 3;

    /// <summary>
    /// Link predictor of CHTs/CHTss regrowth. Default <see cref="LinkPredictor.CH2L3n"/> (paper). The path-based
    /// <see cref="LinkPredictor.CH3L3p"/> / <see cref="LinkPredictor.CH2L3p"/> ("CHTs-p" of the paper's MLP table) cost
    /// about one operation per length-3 path and run on the CPU on both engines (the TorchSharp engine copies the mask
    /// there). SET, RigL and GraNet use their own regrowth regardless; GMP regrows nothing.
    /// </summary>
    public LinkPredictor Predictor = LinkPredictor.CH2L3n;

    /// <summary>
    /// How new links are chosen from the scores. Default <see cref="RegrowthSelection.Soft"/> (paper and MLP/Transformer
    /// code); the released LLaMA code uses <see cref="RegrowthSelection.TopK"/>. RigL and GraNet always use top-k.
    /// </summary>
    public RegrowthSelection Regrowth = RegrowthSelection.Soft;

    /// <summary>
    /// Initial topology. Default <see cref="TopologyInitialization.BipartiteReceptiveField"/>, the paper's proposal
    /// (§3.2). The paper's MLP tables used <see cref="TopologyInitialization.Correlated"/> (CSTI) and the released
    /// Transformer script <see cref="TopologyInitialization.BipartiteSmallWorld"/> with β = 0.25.
    /// </summary>
    public TopologyInitialization Initialization = TopologyInitialization.BipartiteReceptiveField;

    /// <summary>
    /// Randomness r ∈ [0, 1] of the bipartite receptive field: 0 is the deterministic nearest-neighbour band, 1 is
    /// Erdős–Rényi. Default 0.25 (paper, best on MLP; the LLaMA README uses 0.3).
    /// </summary>
    public double BrfRandomness = 0.25;

    /// <summary>Degree distribution of the bipartite receptive field. Default <see cref="BrfDegreeDistribution.Fixed"/> (the LLaMA README uses uniform; the paper finds little difference).</summary>
    public BrfDegreeDistribution BrfDegrees = BrfDegreeDistribution.Fixed;

    /// <summary>Rewiring probability β ∈ [0, 1] of the bipartite small-world initialisation (0 = ring lattice, 1 ≈ Erdős–Rényi). Default 0.25 (released Transformer script).</summary>
    public double BswBeta = 0.25;

    /// <summary>
    /// Weight initialisation of sparse layers. Default <see cref="SparseWeightInitialization.SwiFanIn"/> (paper and
    /// ICLR code); the DST-scheduler code computes the fan-out variant <see cref="SparseWeightInitialization.SwiFanOut"/>.
    /// </summary>
    public SparseWeightInitialization WeightInitialization = SparseWeightInitialization.SwiFanIn;

    /// <summary>
    /// Whether CHTs/CHTss remove inactive neurons after link removal (percolation over the chains and row pairs
    /// registered on the network); regrowth then restores the target link count. Default true (paper; the LLaMA
    /// scripts leave it off).
    /// </summary>
    public bool Percolation = true;

    /// <summary>
    /// CHT-style early stop: a layer stops evolving once the fraction of its regrown links that were removed in the
    /// same round exceeds <see cref="EarlyStopOverlap"/>. Default false (the released CHTs scripts do not use it).
    /// </summary>
    public bool EarlyStop = false;

    /// <summary>Overlap threshold of <see cref="EarlyStop"/>, 0 &lt; θ ≤ 1. Default 0.9.</summary>
    public double EarlyStopOverlap = 0.9;

    /// <summary>Steepness k of the CHTss sigmoid density schedule, k &gt; 0. Default 6 (paper, all experiments). GMP and GraNet decay on the cubic curve instead.</summary>
    public double SigmoidSteepness = 6;

    /// <summary>
    /// CHTss, GMP and GraNet: fraction of the training steps at which the density reaches <see cref="Density"/>,
    /// 0 &lt; f ≤ 1. Default 0.5 for all three. Values beyond <see cref="TopologyEndFraction"/> are clamped to the last topology round so the
    /// final density is always reached (the reference code instead stops short of it, docs/chts-specification.md §7).
    /// </summary>
    public double DensityDecayEndFraction = 0.5;

    /// <summary>
    /// CHTs, SET and RigL: train above <see cref="Density"/> and shrink to it at the end, as the reference MLP code's
    /// <c>--EM_S</c> option does (its README's CHTs command enables it, with 0.05). With surplus s the sparse layers hold
    /// Density + s until 0.6·T_end, Density + s/2 until the last round, and Density from the last round on; every round
    /// removes the links above Density (by <see cref="Removal"/>, in place of <see cref="Zeta"/>) and regrows to the
    /// phase's density. Default 0 (off; the paper's text describes no surplus). Must be in [0, 1) with Density + s ≤ 1.
    /// </summary>
    public double DensitySurplus = 0;

    /// <summary>
    /// Whether the optimizer step is skipped on the steps where a topology round runs. Default false (paper). The
    /// released MLP and LLaMA drivers skip it (true); the Transformer driver does not.
    /// </summary>
    public bool SkipOptimizerStepOnUpdate = false;

    /// <summary><see cref="Density"/>, or the paper's 1% when it is unset (what the engines use when no trainer resolved it).</summary>
    internal double EffectiveDensity => Density ?? SparseMlpDefaults.PaperDensity;

    /// <summary><see cref="UpdateInterval"/>, or 1 when it is unset.</summary>
    internal int EffectiveUpdateInterval => UpdateInterval ?? 1;

    /// <summary>Returns a copy of these options.</summary>
    public SparseTopologyOptions Clone() => (SparseTopologyOptions)MemberwiseClone();

    /// <summary>Checks every field and throws a clear exception for the first invalid one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A numeric field is out of range, NaN or infinite, or an enum value is undefined.</exception>
    /// <exception cref="ArgumentException">Fields are inconsistent with each other.</exception>
    public void Validate()
    {
        CheckEnum(Method, nameof(Method));
        CheckEnum(UpdateIntervalUnit, nameof(UpdateIntervalUnit));
        CheckEnum(Removal, nameof(Removal));
        CheckEnum(Predictor, nameof(Predictor));
        CheckEnum(Regrowth, nameof(Regrowth));
        CheckEnum(Initialization, nameof(Initialization));
        CheckEnum(BrfDegrees, nameof(BrfDegrees));
        CheckEnum(WeightInitialization, nameof(WeightInitialization));

        if (Density is { } density)
            CheckRange(density, nameof(Density), lowExclusive: 0, high: 1, "the final density must be in (0, 1], e.g. 0.01 for 99% sparsity");
        CheckRange(InitialDensity, nameof(InitialDensity), lowExclusive: 0, high: 1, "the CHTss start density must be in (0, 1]");
        CheckFinite(Zeta, nameof(Zeta));
        if (Zeta < 0 || Zeta >= 1)
            throw new ArgumentOutOfRangeException(nameof(Zeta), Zeta, "Zeta (fraction of links removed per round) must be in [0, 1).");
        if (UpdateInterval is < 1)
            throw new ArgumentOutOfRangeException(nameof(UpdateInterval), UpdateInterval, "UpdateInterval must be at least 1.");
        CheckRange(TopologyEndFraction, nameof(TopologyEndFraction), lowExclusive: 0, high: 1, "the fraction of training after which the topology freezes must be in (0, 1]");
        CheckRange(DensityDecayEndFraction, nameof(DensityDecayEndFraction), lowExclusive: 0, high: 1, "the fraction of training at which the density decay reaches the final density must be in (0, 1]");
        CheckPositive(StartTemperature, nameof(StartTemperature));
        CheckPositive(EndTemperature, nameof(EndTemperature));
        CheckPositive(SigmoidSteepness, nameof(SigmoidSteepness));
        CheckUnit(BrfRandomness, nameof(BrfRandomness));
        CheckUnit(BswBeta, nameof(BswBeta));
        CheckRange(EarlyStopOverlap, nameof(EarlyStopOverlap), lowExclusive: 0, high: 1, "the early-stop overlap threshold must be in (0, 1]");

        CheckFinite(DensitySurplus, nameof(DensitySurplus));
        if (DensitySurplus < 0 || DensitySurplus >= 1 || EffectiveDensity + DensitySurplus > 1)
            throw new ArgumentOutOfRangeException(nameof(DensitySurplus), DensitySurplus,
                $"DensitySurplus = {DensitySurplus} is invalid: it must be in [0, 1) with Density ({EffectiveDensity}) + DensitySurplus ≤ 1, e.g. 0.05 at Density 0.01.");
        if (DensitySurplus > 0 && Method is not (SparseTrainingMethod.Chts or SparseTrainingMethod.Set or SparseTrainingMethod.RigL))
            throw new ArgumentException(
                $"DensitySurplus applies to CHTs, SET and RigL, which keep a constant density; {Method} {(DecaysDensity(Method) ? "decays its density from InitialDensity already" : "has no topology rounds")}. Set DensitySurplus to 0 or choose one of those methods.",
                nameof(DensitySurplus));
        if (DecaysDensity(Method) && InitialDensity < EffectiveDensity)
            throw new ArgumentException(
                $"{Method} decays the density from InitialDensity ({InitialDensity}) down to Density ({Density}); InitialDensity must be at least Density.",
                nameof(InitialDensity));
    }

    /// <summary>Whether <paramref name="method"/> starts at <see cref="InitialDensity"/> and decays to <see cref="Density"/> (CHTss, GMP, GraNet).</summary>
    internal static bool DecaysDensity(SparseTrainingMethod method) =>
        method is SparseTrainingMethod.Chtss or SparseTrainingMethod.Gmp or SparseTrainingMethod.GraNet;

    private static void CheckEnum<T>(T value, string name) where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} has no value {value}; valid values: {string.Join(", ", Enum.GetNames<T>())}.");
    }

    private static void CheckFinite(double value, string name)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number.");
    }

    private static void CheckRange(double value, string name, double lowExclusive, double high, string what)
    {
        CheckFinite(value, name);
        if (value <= lowExclusive || value > high)
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {value} is invalid: {what}.");
    }

    private static void CheckPositive(double value, string name)
    {
        CheckFinite(value, name);
        if (value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
    }

    private static void CheckUnit(double value, string name)
    {
        CheckFinite(value, name);
        if (value < 0 || value > 1)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1].");
    }
}
