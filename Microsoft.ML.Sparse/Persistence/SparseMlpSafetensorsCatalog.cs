// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Persistence.Safetensors;
using Microsoft.ML.Sparse.Scoring;

namespace Microsoft.ML;

/// <summary>
/// PyTorch interop for sparse MLPs: <c>mlContext.Model.ExportSparseMlpToSafetensors(model, path)</c> writes the network as
/// a PyTorch state_dict in the safetensors format, in the layout of the paper's MLP code (per layer
/// <c>&lt;name&gt;.weight</c> [out, in] float32, <c>&lt;name&gt;.bias</c>, <c>&lt;name&gt;.mask</c> [out, in] bool; hidden
/// layers Linear1..LinearK, output layer last_layer), so training can continue in PyTorch with the masks applied;
/// <c>mlContext.Model.ImportSparseMlpFromSafetensors(path, out schema)</c> turns such a file back into a model that scores
/// with the managed CSR scorer and saves with <c>mlContext.Model.Save(model, schema, "model.zip")</c>.
/// See docs/pytorch-interop.md.
/// </summary>
public static class SparseMlpSafetensorsCatalog
{
    /// <summary>
    /// Writes the sparse MLP of <paramref name="model"/> (a sparse MLP prediction transformer, or a chain ending in one)
    /// to a safetensors file. Only the network is written: the transforms before it in a chain are not, so PyTorch must
    /// receive the feature vector the network receives.
    /// </summary>
    /// <param name="catalog">The model operations of an <see cref="MLContext"/> (<c>mlContext.Model</c>).</param>
    /// <param name="model">A trained or loaded sparse MLP model.</param>
    /// <param name="filePath">The file to write (overwritten).</param>
    /// <exception cref="ArgumentException">The model is not a sparse MLP (for example a Transformer text model).</exception>
    public static void ExportSparseMlpToSafetensors(this ModelOperationsCatalog catalog, ITransformer model, string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        using var stream = File.Create(filePath);
        ExportSparseMlpToSafetensors(catalog, model, stream);
    }

    /// <summary>Writes the sparse MLP of <paramref name="model"/> to a stream in the safetensors format; see the path overload.</summary>
    /// <param name="catalog">The model operations of an <see cref="MLContext"/> (<c>mlContext.Model</c>).</param>
    /// <param name="model">A trained or loaded sparse MLP model.</param>
    /// <param name="stream">A writable stream (left open).</param>
    /// <exception cref="ArgumentException">The model is not a sparse MLP.</exception>
    public static void ExportSparseMlpToSafetensors(this ModelOperationsCatalog catalog, ITransformer model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        var last = model is TransformerChain<ITransformer> chain && chain.Any() ? chain.Last() : model;
        if (last is not SparsePredictionTransformerBase { Scorer: MlpScorer scorer } sparse)
            throw new ArgumentException($"Only sparse MLP models export to safetensors; got {last.GetType().Name}. Pass the transformer returned by a SparseMlp trainer " +
                "(or a chain ending in it).", nameof(model));
        var (task, classes) = sparse switch
        {
            SparseMulticlassPredictionTransformer multiclass => (SparsePredictionKind.MulticlassClassification, multiclass.ClassNames),
            SparseBinaryPredictionTransformer => (SparsePredictionKind.BinaryClassification, (IReadOnlyList<string>)Array.Empty<string>()),
            _ => (SparsePredictionKind.Regression, Array.Empty<string>()),
        };
        var (tensors, metadata) = MlpStateDict.ToTensors(scorer.Model, task, classes, sparse.FeatureColumnName);
        SafetensorsFile.Write(stream, tensors, metadata);
    }

    /// <summary>
    /// Reads a sparse MLP state_dict from a safetensors file (written by <see cref="ExportSparseMlpToSafetensors(ModelOperationsCatalog, ITransformer, string)"/>,
    /// or by PyTorch code with the same layout) into a model that scores with the managed CSR scorer. The task, feature
    /// column and class names come from the file's metadata; a file without them is read as Linear1..LinearK and
    /// last_layer with ReLU between, a multiclass model (classes "0".."n-1") when it has several outputs, regression with one,
    /// fed by a column named Features. A layer without a mask is dense.
    /// </summary>
    /// <param name="catalog">The model operations of an <see cref="MLContext"/> (<c>mlContext.Model</c>).</param>
    /// <param name="filePath">The safetensors file.</param>
    /// <param name="inputSchema">The schema the model reads (one known-size Single vector column); pass it to <c>mlContext.Model.Save</c>.</param>
    /// <returns>The model: a sparse multiclass, binary or regression prediction transformer.</returns>
    /// <exception cref="InvalidDataException">The file is not a safetensors file, is damaged, or does not hold an MLP this library scores; the message says which tensor and why.</exception>
    public static ITransformer ImportSparseMlpFromSafetensors(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        using var stream = File.OpenRead(filePath);
        return Import(catalog, stream, $"The safetensors file '{filePath}'", out inputSchema);
    }

    /// <summary>Reads a sparse MLP state_dict in the safetensors format from a stream; see the path overload.</summary>
    /// <param name="catalog">The model operations of an <see cref="MLContext"/> (<c>mlContext.Model</c>).</param>
    /// <param name="stream">A readable stream positioned at the start of the file (left open).</param>
    /// <param name="inputSchema">The schema the model reads; pass it to <c>mlContext.Model.Save</c>.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a safetensors MLP this library scores.</exception>
    public static ITransformer ImportSparseMlpFromSafetensors(this ModelOperationsCatalog catalog, Stream stream, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Import(catalog, stream, "The safetensors stream", out inputSchema);
    }

    private static ITransformer Import(ModelOperationsCatalog catalog, Stream stream, string what, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        MlNetVersionGuard.EnsureSupported();
        var (tensors, metadata) = SafetensorsFile.Read(stream, what);
        var network = MlpStateDict.FromTensors(tensors, metadata, what);
        var scorer = new MlpScorer(network);
        string feature = metadata.TryGetValue("feature_column", out string? name) && name.Length > 0 ? name : "Features";
        var env = MlNetInternals.EnvironmentOf(catalog);
        var task = MlpStateDict.Task(metadata, network.OutputSize, what);
        if (task != SparsePredictionKind.MulticlassClassification && network.OutputSize != 1)
            throw new InvalidDataException($"{what}: a {task} model has one output, but the network has {network.OutputSize}.");
        ITransformer model = task switch
        {
            SparsePredictionKind.MulticlassClassification => new SparseMulticlassPredictionTransformer(env, scorer, feature,
                LabelKeyValues.FromStrings(MlpStateDict.ClassNames(metadata, network.OutputSize, what)), ScoreAnnotations.Score, ScoreAnnotations.PredictedLabel),
            SparsePredictionKind.BinaryClassification => new SparseBinaryPredictionTransformer(env, scorer, feature,
                ScoreAnnotations.Score, ScoreAnnotations.Probability, ScoreAnnotations.PredictedLabel),
            _ => new SparseRegressionPredictionTransformer(env, scorer, feature, ScoreAnnotations.Score),
        };
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(feature, scorer.InputType);
        inputSchema = builder.ToSchema();
        return model;
    }
}
