// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Csr;

/// <summary>
/// A trainable layer y = x·Wᵀ + b of the managed engine whose weight W [rows = outputs, columns = inputs] is stored
/// as CSR: only the links exist, so memory and work scale with the number of links, not with rows·columns. Per-link
/// gradients and optimizer moments are arrays aligned with <see cref="Values"/>, so a topology change that drops a
/// link drops its state with it and a new link starts at weight 0 with zero state (what the masked reference does).
/// A dense layer is the same thing with every link present (<see cref="LinkPattern.Full"/>).
/// </summary>
internal sealed class CsrTrainingLayer
{
    /// <param name="name">Layer name used in telemetry ("hidden1", "output").</param>
    /// <param name="pattern">The links.</param>
    /// <param name="values">One weight per link, in CSR order (kept, not copied).</param>
    /// <param name="bias">One bias per row (kept, not copied).</param>
    /// <param name="evolves">Whether topology rounds change this layer (false for the dense output layer).</param>
    public CsrTrainingLayer(string name, LinkPattern pattern, float[] values, float[] bias, bool evolves)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(bias);
        if (values.Length != pattern.LinkCount)
            throw new ArgumentException($"Layer '{name}' has {pattern.LinkCount} links but {values.Length} weights.", nameof(values));
        if (bias.Length != pattern.Rows)
            throw new ArgumentException($"Layer '{name}' has {pattern.Rows} rows but {bias.Length} biases.", nameof(bias));
        Name = name;
        Evolves = evolves;
        Bias = bias;
        BiasGradients = new float[bias.Length];
        Replace(pattern, values, null, null);
    }

    /// <summary>Layer name.</summary>
    public string Name { get; }

    /// <summary>Whether topology rounds change this layer.</summary>
    public bool Evolves { get; }

    /// <summary>Output neurons.</summary>
    public int Rows => Pattern.Rows;

    /// <summary>Input neurons.</summary>
    public int Columns => Pattern.Columns;

    /// <summary>Number of links.</summary>
    public int LinkCount => Pattern.LinkCount;

    /// <summary>The links (replaced as a whole by topology rounds).</summary>
    public LinkPattern Pattern { get; private set; } = null!;

    /// <summary>One weight per link.</summary>
    public float[] Values { get; private set; } = null!;

    /// <summary>∂loss/∂weight per link of the last backward pass.</summary>
    public float[] Gradients { get; private set; } = null!;

    /// <summary>First optimizer moment per link (momentum buffer or Adam's m), or null before the optimizer needs it.</summary>
    public float[]? Moment1 { get; private set; }

    /// <summary>Second optimizer moment per link (Adam's v), or null.</summary>
    public float[]? Moment2 { get; private set; }

    /// <summary>One bias per row.</summary>
    public float[] Bias { get; }

    /// <summary>∂loss/∂bias of the last backward pass.</summary>
    public float[] BiasGradients { get; }

    /// <summary>First optimizer moment per bias, or null.</summary>
    public float[]? BiasMoment1 { get; private set; }

    /// <summary>Second optimizer moment per bias, or null.</summary>
    public float[]? BiasMoment2 { get; private set; }

    /// <summary>Allocates the optimizer moments (zero) that are still missing.</summary>
    /// <param name="moments">0 (plain SGD: nothing), 1 (momentum) or 2 (Adam).</param>
    public void EnsureMoments(int moments)
    {
        if (moments < 1)
            return;
        Moment1 ??= new float[LinkCount];
        BiasMoment1 ??= new float[Rows];
        if (moments >= 2)
        {
            Moment2 ??= new float[LinkCount];
            BiasMoment2 ??= new float[Rows];
        }
    }

    /// <summary>Installs a new topology with its weights and moments (aligned with <paramref name="pattern"/>).</summary>
    public void Replace(LinkPattern pattern, float[] values, float[]? moment1, float[]? moment2)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (Pattern is not null && (pattern.Rows != Rows || pattern.Columns != Columns))
            throw new ArgumentException($"Layer '{Name}' is {Rows}x{Columns}; the new pattern is {pattern.Rows}x{pattern.Columns}.", nameof(pattern));
        if (values.Length != pattern.LinkCount || (moment1 != null && moment1.Length != values.Length) || (moment2 != null && moment2.Length != values.Length))
            throw new ArgumentException($"Layer '{Name}': weights and moments must have one entry per link ({pattern.LinkCount}).", nameof(values));
        Pattern = pattern;
        Values = values;
        Gradients = new float[values.Length];
        Moment1 = moment1;
        Moment2 = moment2;
    }

    /// <summary>A deep copy of weights, biases, topology and optimizer state.</summary>
    public CsrTrainingLayer Clone()
    {
        var copy = new CsrTrainingLayer(Name, Pattern, (float[])Values.Clone(), (float[])Bias.Clone(), Evolves);
        copy.Moment1 = (float[]?)Moment1?.Clone();
        copy.Moment2 = (float[]?)Moment2?.Clone();
        copy.BiasMoment1 = (float[]?)BiasMoment1?.Clone();
        copy.BiasMoment2 = (float[]?)BiasMoment2?.Clone();
        return copy;
    }

    /// <summary>Overwrites this layer's weights, biases, topology and optimizer state with <paramref name="source"/>'s.</summary>
    public void CopyFrom(CsrTrainingLayer source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Replace(source.Pattern, (float[])source.Values.Clone(), (float[]?)source.Moment1?.Clone(), (float[]?)source.Moment2?.Clone());
        source.Bias.CopyTo(Bias, 0);
        BiasMoment1 = (float[]?)source.BiasMoment1?.Clone();
        BiasMoment2 = (float[]?)source.BiasMoment2?.Clone();
    }
}
