// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>
/// Candidate lists for comparing text classifiers with <see cref="SparseComparison.Run"/>: the sparse text Transformer
/// with a list of methods and densities, and ML.NET's standard text pipelines (<c>FeaturizeText</c> followed by a
/// linear trainer) as the reference rows a user choosing a text model would compare with. The comparison's
/// <see cref="ComparisonOptions.FeatureColumnName"/> names the String column. Example:
/// <code>
/// var options = new ComparisonOptions { FeatureColumnName = "Text", TestData = test };
/// var candidates = TextComparisonCandidates.SparseTextTransformer(options, new[] { SparseTrainingMethod.Dense, SparseTrainingMethod.Chtss }, new[] { 0.1 })
///     .Concat(TextComparisonCandidates.MlNetPipelines(options))
///     .Append(TextComparisonCandidates.FeaturizedText(options, "LightGbm", (ml, features) => ml.MulticlassClassification.Trainers.LightGbm(featureColumnName: features)))
///     .ToList();
/// var result = SparseComparison.Run(mlContext, train, candidates, options);
/// </code>
/// </summary>
public static class TextComparisonCandidates
{
    /// <summary>The column <c>FeaturizeText</c> writes in the reference pipelines (the trainers read it).</summary>
    public const string FeaturizedColumnName = "FeaturizedText";

    /// <summary>
    /// ML.NET's standard text pipelines with default settings, as reference rows: <c>FeaturizeText</c> (word 1-2-grams and
    /// character 3-grams, L2-normalised) followed by, for multiclass classification, <c>SdcaMaximumEntropy</c>,
    /// <c>LbfgsMaximumEntropy</c> and <c>OneVersusAll(AveragedPerceptron)</c>; for binary classification
    /// <c>SdcaLogisticRegression</c>, <c>LbfgsLogisticRegression</c> and <c>AveragedPerceptron</c>. Rows are named
    /// "FeaturizeText + trainer". For LightGBM, reference Microsoft.ML.LightGbm in your app and add it with
    /// <see cref="FeaturizedText"/> (the library does not depend on it).
    /// </summary>
    /// <param name="options">The comparison's options: task, text column (<see cref="ComparisonOptions.FeatureColumnName"/>) and label column.</param>
    /// <exception cref="ArgumentException">The task is regression.</exception>
    public static IReadOnlyList<ComparisonCandidate> MlNetPipelines(ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string label = options.LabelColumnName;
        return options.Task switch
        {
            ComparisonTask.MulticlassClassification => new[]
            {
                FeaturizedText(options, "SdcaMaximumEntropy", (ml, features) => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(label, features)),
                FeaturizedText(options, "LbfgsMaximumEntropy", (ml, features) => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(label, features)),
                FeaturizedText(options, "OneVersusAll(AveragedPerceptron)", (ml, features) => ml.MulticlassClassification.Trainers.OneVersusAll(
                    ml.BinaryClassification.Trainers.AveragedPerceptron(label, features), label)),
            },
            ComparisonTask.BinaryClassification => new[]
            {
                FeaturizedText(options, "SdcaLogisticRegression", (ml, features) => ml.BinaryClassification.Trainers.SdcaLogisticRegression(label, features)),
                FeaturizedText(options, "LbfgsLogisticRegression", (ml, features) => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(label, features)),
                FeaturizedText(options, "AveragedPerceptron", (ml, features) => ml.BinaryClassification.Trainers.AveragedPerceptron(label, features)),
            },
            _ => throw new ArgumentException($"Text pipelines classify; the comparison's task is {options.Task}. Use MulticlassClassification or BinaryClassification.", nameof(options)),
        };
    }

    /// <summary>
    /// A reference row "FeaturizeText + <paramref name="trainerName"/>": <c>FeaturizeText</c> with default settings on the
    /// comparison's text column into <see cref="FeaturizedColumnName"/>, then the estimator <paramref name="createTrainer"/>
    /// builds on that column (e.g. <c>(ml, features) =&gt; ml.MulticlassClassification.Trainers.LightGbm(featureColumnName: features)</c>).
    /// </summary>
    /// <param name="options">The comparison's options: text column.</param>
    /// <param name="trainerName">The trainer's name in the row label.</param>
    /// <param name="createTrainer">Builds the trainer for the comparison's MLContext and the featurized column's name.</param>
    public static ComparisonCandidate FeaturizedText(ComparisonOptions options, string trainerName, Func<MLContext, string, IEstimator<ITransformer>> createTrainer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(trainerName);
        ArgumentNullException.ThrowIfNull(createTrainer);
        string text = options.FeatureColumnName;
        return new ComparisonCandidate($"FeaturizeText + {trainerName}", null,
            (ml, seed) => ml.Transforms.Text.FeaturizeText(FeaturizedColumnName, text).Append(createTrainer(ml, FeaturizedColumnName)), isReference: true);
    }

    /// <summary>
    /// Sparse text Transformer candidates (<c>SparseTextTransformer</c>, multiclass): <see cref="SparseTrainingMethod.Dense"/>
    /// once, at density 1, and every other method once per density, in the order of <paramref name="methods"/> and then
    /// <paramref name="densities"/>. Each run gets fresh options from <paramref name="template"/> (shape, vocabulary,
    /// epochs, schedule...) with the comparison's text and label columns, the run's seed, and the candidate's method and
    /// density filled in; for CHTss the initial density is raised to the final one when the template's is lower.
    /// </summary>
    /// <param name="options">The comparison's options: multiclass task, text column (<see cref="ComparisonOptions.FeatureColumnName"/>) and label column.</param>
    /// <param name="methods">Methods to compare (duplicates are ignored).</param>
    /// <param name="densities">Densities in (0, 1] for the sparse methods (duplicates are ignored).</param>
    /// <param name="template">Creates the base options of each run; null: <c>new SparseTextTransformerOptions()</c>.</param>
    /// <exception cref="ArgumentException">The task is not multiclass classification, no methods, or a sparse method but no densities.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A density is outside (0, 1], or a method is undefined.</exception>
    public static IReadOnlyList<ComparisonCandidate> SparseTextTransformer(ComparisonOptions options, IEnumerable<SparseTrainingMethod> methods,
        IEnumerable<double> densities, Func<SparseTextTransformerOptions>? template = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Task != ComparisonTask.MulticlassClassification)
            throw new ArgumentException($"The sparse text Transformer is a multiclass classifier; the comparison's task is {options.Task}. " +
                "Map a Boolean label to two classes and use MulticlassClassification.", nameof(options));
        string label = options.LabelColumnName, text = options.FeatureColumnName;
        return ComparisonCandidates.PerMethodAndDensity(methods, densities, (method, density) => new ComparisonCandidate(ComparisonCandidates.MethodName(method),
            density, (ml, seed) => ml.MulticlassClassification.Trainers.SparseTextTransformer(Options(template, label, text, method, density, seed))));
    }

    private static SparseTextTransformerOptions Options(Func<SparseTextTransformerOptions>? template, string label, string text, SparseTrainingMethod method,
        double density, int seed)
    {
        var options = template?.Invoke() ?? new SparseTextTransformerOptions();
        if (options is null)
            throw new InvalidOperationException("The SparseTextTransformerOptions template returned null.");
        options.Topology = ComparisonCandidates.WithMethod(options.Topology, method, density);
        options.LabelColumnName = label;
        options.TextColumnName = text;
        options.Seed = seed;
        return options;
    }
}
