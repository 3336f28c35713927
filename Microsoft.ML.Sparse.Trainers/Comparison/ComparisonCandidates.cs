// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>
/// Ready-made candidate lists for <see cref="SparseComparison.Run"/>: sparse MLPs trained with every method at a list of
/// densities, and ML.NET's SDCA trainer of the task as a reference row (text classifiers:
/// <see cref="TextComparisonCandidates"/>). Example:
/// <code>
/// var options = new ComparisonOptions { TestData = test, Seeds = new[] { 1, 2, 3 } };
/// var candidates = ComparisonCandidates.SparseMlp(options, new[] { 0.01, 0.05 },
///         () => new SparseMlpOptions { HiddenLayerSizes = new[] { 256, 256 }, NumberOfEpochs = 20 })
///     .Append(ComparisonCandidates.Sdca(options)).ToList();
/// var result = SparseComparison.Run(mlContext, train, candidates, options);
/// Console.WriteLine(result.ToMarkdown());
/// </code>
/// </summary>
public static class ComparisonCandidates
{
    /// <summary>Every training method, in the order the candidate lists use: Dense, Static, SET, RigL, CHTs, CHTss.</summary>
    public static IReadOnlyList<SparseTrainingMethod> AllMethods { get; } = new[]
    {
        SparseTrainingMethod.Dense, SparseTrainingMethod.Static, SparseTrainingMethod.Set,
        SparseTrainingMethod.RigL, SparseTrainingMethod.Chts, SparseTrainingMethod.Chtss,
    };

    /// <summary>Sparse MLP candidates of all six methods (<see cref="AllMethods"/>) at <paramref name="densities"/>.</summary>
    /// <inheritdoc cref="SparseMlp(ComparisonOptions, IEnumerable{SparseTrainingMethod}, IEnumerable{double}, Func{SparseMlpOptions}?)"/>
    public static IReadOnlyList<ComparisonCandidate> SparseMlp(ComparisonOptions options, IEnumerable<double> densities, Func<SparseMlpOptions>? template = null)
        => SparseMlp(options, AllMethods, densities, template);

    /// <summary>
    /// Sparse MLP candidates for the task of <paramref name="options"/> (multiclass, binary or regression SparseMlp):
    /// <see cref="SparseTrainingMethod.Dense"/> once, at density 1, and every other method once per density, in the
    /// order of <paramref name="methods"/> and then <paramref name="densities"/>. Each run gets fresh options from
    /// <paramref name="template"/> (network, epochs, optimizer, topology settings...) with the comparison's label and
    /// feature columns, the run's seed, and the candidate's method and density filled in. For CHTss the initial density
    /// is raised to the final one when the template's is lower.
    /// </summary>
    /// <param name="options">The comparison's options: task and column names.</param>
    /// <param name="methods">Methods to compare (duplicates are ignored).</param>
    /// <param name="densities">Densities in (0, 1] for the sparse methods (duplicates are ignored).</param>
    /// <param name="template">Creates the base options of each run; null: <c>new SparseMlpOptions()</c> (paper MLP defaults, 10 epochs).</param>
    /// <exception cref="ArgumentException">No methods, or a sparse method but no densities.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A density is outside (0, 1], or a method is undefined.</exception>
    public static IReadOnlyList<ComparisonCandidate> SparseMlp(ComparisonOptions options, IEnumerable<SparseTrainingMethod> methods,
        IEnumerable<double> densities, Func<SparseMlpOptions>? template = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var task = options.Task;
        string label = options.LabelColumnName, features = options.FeatureColumnName;
        return PerMethodAndDensity(methods, densities, (method, density) => new ComparisonCandidate(MethodName(method), density,
            (ml, seed) => Create(ml, task, Options(template, label, features, method, density, seed))));
    }

    /// <summary>
    /// One candidate per method and density (Dense once, at density 1), in the order of <paramref name="methods"/> and
    /// then <paramref name="densities"/>, after checking both lists; shared by the MLP and text Transformer lists.
    /// </summary>
    internal static IReadOnlyList<ComparisonCandidate> PerMethodAndDensity(IEnumerable<SparseTrainingMethod> methods, IEnumerable<double> densities,
        Func<SparseTrainingMethod, double, ComparisonCandidate> create)
    {
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(densities);
        var methodList = methods.Distinct().ToList();
        var densityList = densities.Distinct().ToList();
        if (methodList.Count == 0)
            throw new ArgumentException("Give at least one training method.", nameof(methods));
        foreach (var method in methodList)
            if (!Enum.IsDefined(method))
                throw new ArgumentOutOfRangeException(nameof(methods), method, $"Unknown training method; valid: {string.Join(", ", Enum.GetNames<SparseTrainingMethod>())}.");
        foreach (double density in densityList)
            if (!(density > 0 && density <= 1))
                throw new ArgumentOutOfRangeException(nameof(densities), density, "Densities must be in (0, 1], e.g. 0.01 for 99% sparsity.");
        if (densityList.Count == 0 && methodList.Any(m => m != SparseTrainingMethod.Dense))
            throw new ArgumentException("Sparse methods need at least one density.", nameof(densities));

        var candidates = new List<ComparisonCandidate>();
        foreach (var method in methodList)
        {
            if (method == SparseTrainingMethod.Dense)
            {
                candidates.Add(create(method, 1.0));
                continue;
            }
            foreach (double density in densityList)
                candidates.Add(create(method, density));
        }
        return candidates;
    }

    /// <summary>A copy of <paramref name="topology"/> (or the defaults) with the method and density set; CHTss, GMP and GraNet start at least at the final density.</summary>
    internal static SparseTopologyOptions WithMethod(SparseTopologyOptions? topology, SparseTrainingMethod method, double density)
    {
        var copy = (topology ?? new SparseTopologyOptions()).Clone();
        copy.Method = method;
        copy.Density = density;
        if (SparseTopologyOptions.DecaysDensity(method) && copy.InitialDensity < density)
            copy.InitialDensity = density;
        return copy;
    }

    /// <summary>
    /// ML.NET's SDCA trainer of the task as a reference row: <c>SdcaMaximumEntropy</c> (multiclass),
    /// <c>SdcaLogisticRegression</c> (binary) or <c>Sdca</c> (regression), with default settings on the comparison's
    /// columns. Linear models: a floor that a sparse MLP should beat. (For LightGBM reference rows, reference the
    /// Microsoft.ML.LightGbm package and write <c>new ComparisonCandidate("LightGbm", null, (ml, seed) => ..., isReference: true)</c>.)
    /// </summary>
    /// <param name="options">The comparison's options: task and column names.</param>
    public static ComparisonCandidate Sdca(ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string label = options.LabelColumnName, features = options.FeatureColumnName;
        return options.Task switch
        {
            ComparisonTask.MulticlassClassification => new ComparisonCandidate("SdcaMaximumEntropy", null,
                (ml, seed) => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(label, features), isReference: true),
            ComparisonTask.BinaryClassification => new ComparisonCandidate("SdcaLogisticRegression", null,
                (ml, seed) => ml.BinaryClassification.Trainers.SdcaLogisticRegression(label, features), isReference: true),
            ComparisonTask.Regression => new ComparisonCandidate("Sdca", null,
                (ml, seed) => ml.Regression.Trainers.Sdca(label, features), isReference: true),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Task, "Unknown task."),
        };
    }

    /// <summary>The row label of a method: "Dense", "Static", "SET", "RigL", "CHTs", "CHTss", "GMP" or "GraNet".</summary>
    /// <param name="method">The training method.</param>
    public static string MethodName(SparseTrainingMethod method) => method switch
    {
        SparseTrainingMethod.Chts => "CHTs",
        SparseTrainingMethod.Chtss => "CHTss",
        SparseTrainingMethod.Set => "SET",
        SparseTrainingMethod.RigL => "RigL",
        SparseTrainingMethod.Static => "Static",
        SparseTrainingMethod.Dense => "Dense",
        SparseTrainingMethod.Gmp => "GMP",
        SparseTrainingMethod.GraNet => "GraNet",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown training method."),
    };

    private static SparseMlpOptions Options(Func<SparseMlpOptions>? template, string label, string features, SparseTrainingMethod method, double density, int seed)
    {
        var options = template?.Invoke() ?? new SparseMlpOptions();
        if (options is null)
            throw new InvalidOperationException("The SparseMlpOptions template returned null.");
        options.Topology = WithMethod(options.Topology, method, density);
        options.LabelColumnName = label;
        options.FeatureColumnName = features;
        options.Seed = seed;
        return options;
    }

    private static IEstimator<ITransformer> Create(MLContext ml, ComparisonTask task, SparseMlpOptions options) => task switch
    {
        ComparisonTask.MulticlassClassification => ml.MulticlassClassification.Trainers.SparseMlp(options),
        ComparisonTask.BinaryClassification => ml.BinaryClassification.Trainers.SparseMlp(options),
        ComparisonTask.Regression => ml.Regression.Trainers.SparseMlp(options),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task."),
    };
}
