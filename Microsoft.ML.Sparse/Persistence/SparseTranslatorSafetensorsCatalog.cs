// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse;

namespace Microsoft.ML;

/// <summary>
/// PyTorch interop for the sparse Transformer translator: <c>mlContext.Model.ExportSparseTranslatorToSafetensors(model, path)</c>
/// writes the encoder-decoder network as a PyTorch state_dict in the safetensors format: every weight, bias, LayerNorm
/// and embedding under its module path, and a bool mask [out, in] next to each sparse projection's weight, with the
/// architecture in the metadata. tools/pytorch/seq2seq_forward.py rebuilds the forward pass in PyTorch from the file.
/// Tokenisation stays with the ML.NET model: the file maps token ids to next-token logits. See docs/pytorch-interop.md.
/// </summary>
public static class SparseTranslatorSafetensorsCatalog
{
    /// <summary>
    /// Writes the network of <paramref name="model"/> (a <see cref="SparseTranslationTransformer"/>, or a chain ending in
    /// one) to a safetensors file.
    /// </summary>
    /// <param name="catalog">The model operations of an <see cref="MLContext"/> (<c>mlContext.Model</c>).</param>
    /// <param name="model">A trained or loaded sparse translation model.</param>
    /// <param name="filePath">The file to write (overwritten).</param>
    /// <exception cref="ArgumentException">The model is not a sparse translation model.</exception>
    public static void ExportSparseTranslatorToSafetensors(this ModelOperationsCatalog catalog, ITransformer model, string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var translator = Translator(catalog, model);
        using var stream = File.Create(filePath);
        translator.Network.WriteSafetensors(stream);
    }

    /// <summary>Writes the network of <paramref name="model"/> to a stream in the safetensors format; see the path overload.</summary>
    /// <param name="catalog">The model operations of an <see cref="MLContext"/> (<c>mlContext.Model</c>).</param>
    /// <param name="model">A trained or loaded sparse translation model.</param>
    /// <param name="stream">A writable stream (left open).</param>
    /// <exception cref="ArgumentException">The model is not a sparse translation model.</exception>
    public static void ExportSparseTranslatorToSafetensors(this ModelOperationsCatalog catalog, ITransformer model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Translator(catalog, model).Network.WriteSafetensors(stream);
    }

    private static SparseTranslationTransformer Translator(ModelOperationsCatalog catalog, ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        var last = model is TransformerChain<ITransformer> chain && chain.Any() ? chain.Last() : model;
        return last as SparseTranslationTransformer
            ?? throw new ArgumentException($"Only sparse translation models export with ExportSparseTranslatorToSafetensors; got {last.GetType().Name}. " +
                "Pass the transformer returned by the SparseTranslation trainer (or a chain ending in it); sparse MLPs export with ExportSparseMlpToSafetensors.", nameof(model));
    }
}
