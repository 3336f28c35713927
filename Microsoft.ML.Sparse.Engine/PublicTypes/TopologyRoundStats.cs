// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>Telemetry of one topology round (or a snapshot of the current topology). Immutable.</summary>
public sealed class TopologyRoundStats
{
    /// <summary>Creates the record.</summary>
    /// <param name="round">1-based round number (number of rounds run so far, for a snapshot).</param>
    /// <param name="step">Optimizer steps counted when the round ran.</param>
    /// <param name="epoch">Step divided by the steps per epoch.</param>
    /// <param name="zeta">Removal fraction ζ_t used (0 for a snapshot).</param>
    /// <param name="temperature">Removal temperature T used.</param>
    /// <param name="targetDensity">Per-layer target density after the round.</param>
    /// <param name="linkPredictionTime">Time spent computing link-prediction scores.</param>
    /// <param name="roundTime">Wall time of the whole round.</param>
    /// <param name="layers">One entry per sparse layer.</param>
    public TopologyRoundStats(int round, long step, double epoch, double zeta, double temperature, double targetDensity,
        TimeSpan linkPredictionTime, TimeSpan roundTime, IReadOnlyList<LayerTopologyStats> layers)
    {
        Round = round;
        Step = step;
        Epoch = epoch;
        Zeta = zeta;
        Temperature = temperature;
        TargetDensity = targetDensity;
        LinkPredictionTime = linkPredictionTime;
        RoundTime = roundTime;
        Layers = layers?.ToArray() ?? throw new ArgumentNullException(nameof(layers));
    }

    /// <summary>1-based number of this round (for a snapshot: rounds run so far).</summary>
    public int Round { get; }

    /// <summary>Optimizer steps counted when the round ran.</summary>
    public long Step { get; }

    /// <summary>Training progress in epochs (<see cref="Step"/> / steps per epoch).</summary>
    public double Epoch { get; }

    /// <summary>Fraction ζ_t of links removed in this round.</summary>
    public double Zeta { get; }

    /// <summary>Removal temperature T of this round.</summary>
    public double Temperature { get; }

    /// <summary>Target density of every sparse layer after this round.</summary>
    public double TargetDensity { get; }

    /// <summary>Time spent computing link-prediction scores in this round.</summary>
    public TimeSpan LinkPredictionTime { get; }

    /// <summary>Wall time of the whole round.</summary>
    public TimeSpan RoundTime { get; }

    /// <summary>Per sparse layer topology after the round.</summary>
    public IReadOnlyList<LayerTopologyStats> Layers { get; }

    /// <summary>Active neurons over all neurons, counting each layer's inputs and outputs (a neuron shared by two layers counts twice).</summary>
    public double ActiveNeuronFraction
    {
        get
        {
            long active = 0, total = 0;
            foreach (var l in Layers)
            {
                active += l.ActiveInputNeurons + l.ActiveOutputNeurons;
                total += l.Rows + l.Columns;
            }
            return total == 0 ? 1 : (double)active / total;
        }
    }

    /// <summary>Links over positions of all sparse layers together.</summary>
    public double OverallDensity
    {
        get
        {
            long links = 0, total = 0;
            foreach (var l in Layers)
            {
                links += l.ActiveLinks;
                total += l.Rows * l.Columns;
            }
            return total == 0 ? 1 : (double)links / total;
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"round {Round} step {Step} (epoch {Epoch:G4}) zeta={Zeta:G3} T={Temperature:G3} target={TargetDensity:G4} " +
        $"linkpred={LinkPredictionTime.TotalMilliseconds:F0}ms round={RoundTime.TotalMilliseconds:F0}ms ANF={ActiveNeuronFraction:P1}";
}
