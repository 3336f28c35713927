// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>The repeats of one configuration of <see cref="TransformerStepBenchmark"/> and their medians.</summary>
internal sealed class TransformerStepRow(int dim, string name, double density, int csrLayers, int sparseLayers)
{
    private readonly List<double> _steps = [], _forward = [], _backward = [], _optimizer = [], _projections = [], _layout = [], _kernels = [];
    private List<double> _attention = [], _embeddings = [], _generator = [];

    public int Dim { get; } = dim;

    public string Name { get; } = name;

    public double Density { get; } = density;

    /// <summary>Sparse projections computed with the CSR kernels, of <see cref="SparseLayers"/>.</summary>
    public int CsrLayers { get; } = csrLayers;

    public int SparseLayers { get; } = sparseLayers;

    public double LastStep => _steps.Count == 0 ? double.NaN : _steps[^1];

    public double StepMs => Median(_steps);

    public double ForwardMs => Median(_forward);

    public double BackwardMs => Median(_backward);

    public double OptimizerMs => Median(_optimizer);

    /// <summary>All sparse projections, forward + backward, timed in isolation.</summary>
    public double ProjectionsMs => Median(_projections);

    /// <summary>Of <see cref="ProjectionsMs"/>: the CSR path's layout changes at the autograd boundary.</summary>
    public double LayoutMs => Median(_layout);

    /// <summary>Of <see cref="ProjectionsMs"/>: the CSR kernels' multiply-adds.</summary>
    public double KernelMs => Median(_kernels);

    /// <summary>The attention core of the six blocks, forward + backward, timed in isolation (the same for every density).</summary>
    public double AttentionMs => Median(_attention);

    /// <summary>The shared embedding of source and target tokens, forward + backward, timed in isolation (the same for every density).</summary>
    public double EmbeddingMs => Median(_embeddings);

    /// <summary>Generator and loss, forward + backward, timed in isolation (the same for every density).</summary>
    public double GeneratorMs => Median(_generator);

    /// <summary>The step minus the parts timed: layer norms, residuals, dropout, positional encoding, autograd bookkeeping.</summary>
    public double OtherMs => StepMs - ProjectionsMs - AttentionMs - EmbeddingMs - GeneratorMs - OptimizerMs;

    /// <summary>Multiply-adds of a step relative to the dense model (sparse projections at their density; attention, generator dense).</summary>
    public double MultiplyAddShare
    {
        get
        {
            // Per token: encoder layer 4 d² (attention) + 8 d² (feed-forward), decoder layer 8 d² + 8 d², two of each.
            double sparse = (2 * 12 + 2 * 16) * (double)Dim * Dim;
            double dense = Dim * (double)TransformerStepModels.Vocabulary + 6 * 2.0 * TransformerStepModels.Length * Dim;
            return (sparse * Density + dense) / (sparse + dense);
        }
    }

    public void Add(double forward, double backward, double optimizer, (double Total, double Layout, double Kernels) projections)
    {
        _forward.Add(forward);
        _backward.Add(backward);
        _optimizer.Add(optimizer);
        _steps.Add(forward + backward + optimizer);
        _projections.Add(projections.Total);
        _layout.Add(projections.Layout);
        _kernels.Add(projections.Kernels);
    }

    public void SetShared(List<double> attention, List<double> embeddings, List<double> generator)
    {
        _attention = attention;
        _embeddings = embeddings;
        _generator = generator;
    }

    public static double Median(List<double> values)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
