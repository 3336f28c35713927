// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer;

/// <summary>Small architectures and helpers shared by the Transformer tests.</summary>
internal static class TransformerTestKit
{
    public static TransformerArchitecture Classifier(int vocabulary = 50, int layers = 2, NormPlacement norm = NormPlacement.PostNorm,
                                                     double dropout = 0.0, int modelDim = 16, int maxLength = 32) => new()
    {
        Task = TransformerTask.TextClassification,
        ModelDim = modelDim, Heads = 2, FeedForwardDim = 2 * modelDim, EncoderLayers = layers,
        Dropout = dropout, AttentionDropout = dropout, MaxLength = maxLength, NormPlacement = norm,
        SourceVocabularySize = vocabulary, ClassCount = 3, PadId = 0,
    };

    public static TransformerArchitecture Seq2Seq(int vocabulary = 40, int layers = 2, bool shared = false, NormPlacement norm = NormPlacement.PostNorm,
                                                  double dropout = 0.0, int modelDim = 16, int maxLength = 32) => new()
    {
        Task = TransformerTask.SequenceToSequence,
        ModelDim = modelDim, Heads = 2, FeedForwardDim = 2 * modelDim, EncoderLayers = layers, DecoderLayers = layers,
        Dropout = dropout, AttentionDropout = dropout, MaxLength = maxLength, NormPlacement = norm,
        SourceVocabularySize = vocabulary, TargetVocabularySize = shared ? vocabulary : vocabulary + 7, ShareEmbeddings = shared, PadId = 0,
    };

    public static T Build<T>(Func<T> create, long seed)
    {
        TorchRuntime.EnsureLoaded();
        torch.random.manual_seed(seed);
        return create();
    }

    /// <summary>Gives every layer a random mask with exactly round(density · size) active weights.</summary>
    public static void SetRandomMasks(IEnumerable<MaskedLinear> layers, double density, long seed)
    {
        torch.random.manual_seed(seed);
        foreach (var layer in layers)
        {
            long size = layer.InFeatures * layer.OutFeatures;
            long active = (long)Math.Round(density * size);
            using var scope = NewDisposeScope();
            var flat = zeros(size, dtype: ScalarType.Bool);
            flat.index_put_(true, randperm(size).narrow(0, 0, active));
            layer.SetMask(flat.view(layer.OutFeatures, layer.InFeatures));
        }
    }

    public static Tensor Ids(long[,] ids) => tensor(ids.Cast<long>().ToArray(), new long[] { ids.GetLength(0), ids.GetLength(1) }, ScalarType.Int64);

    public static float[] Values(Tensor t) => t.detach().cpu().contiguous().data<float>().ToArray();

    /// <summary>Masked-out weights of every layer are exactly zero.</summary>
    public static bool MaskedWeightsAreZero(MaskedLinear layer)
    {
        using var scope = NewDisposeScope();
        return layer.Weight.detach().masked_select(layer.Mask.logical_not()).eq(0).all().item<bool>();
    }
}
