// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.TextClassification;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Options of the sparse Transformer text classifier
/// (<c>mlContext.MulticlassClassification.Trainers.SparseTextTransformer</c>): the text column on top of the shared
/// vocabulary, shape and training settings of <see cref="SparseTransformerOptionsBase"/>.
/// </summary>
/// <remarks>
/// <para>The model: a BPE vocabulary learnt from the training texts, a dense token embedding with sinusoidal positions,
/// <see cref="SparseTransformerOptionsBase.EncoderLayers"/> post-norm encoder layers whose attention (query, key, value,
/// output) and feed-forward (w1, w2) projections are sparse, the mean of the encoder outputs over the non-padding
/// tokens, and a dense linear classifier. Training minimises the label-smoothed cross-entropy
/// (<see cref="SparseTransformerOptionsBase.LabelSmoothing"/>, PyTorch's definition: the target puts 1 − ε + ε/K on the
/// gold class and ε/K on each of the K classes); the validation loss is the plain cross-entropy, i.e. ML.NET's log-loss.</para>
/// <para>Defaults are the paper's Transformer settings (see <see cref="SparseTransformerOptionsBase"/>) except where a
/// classification run on a CPU is much shorter than a translation run; those fields say so.</para>
/// </remarks>
public sealed class SparseTextTransformerOptions : SparseTransformerOptionsBase
{
    /// <summary>
    /// Sets the defaults. Changed from the paper's translation settings because a classification run on a few thousand
    /// documents is short (hundreds to a few thousand steps) and its models are small:
    /// <list type="bullet">
    /// <item><see cref="SparseTrainerOptionsBase.LearningRate"/> (the noam scale) 0.5 instead of 2: with d_model 64 the
    /// dense model's training loss rose again after the second epoch on SpamAssassin at scale 2 (with 100 and with 400
    /// warm-up steps; held-out accuracy 84-91%), while 0.5 trained smoothly (97.3%) and 1 nearly so (96.8%).</item>
    /// <item><see cref="SparseTrainerOptionsBase.WarmupSteps"/> 100 instead of 400, so that a short run does not spend
    /// most of its steps at a tiny learning rate.</item>
    /// <item><see cref="SparseTrainerOptionsBase.NumberOfEpochs"/> 5 instead of 10.</item>
    /// </list>
    /// </summary>
    public SparseTextTransformerOptions()
    {
        LearningRate = 0.5;
        WarmupSteps = 100;
        NumberOfEpochs = SparseTransformerDefaults.TextClassificationEpochs;
    }

    /// <summary>Text column (String). Default "Text".</summary>
    public string TextColumnName = DefaultColumnNames.Text;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(TextColumnName))
            throw new ArgumentException("TextColumnName must name a column.", nameof(TextColumnName));
    }

    /// <summary>A copy (the topology options are copied too; the validation set, progress and token are shared).</summary>
    internal override SparseTextTransformerOptions Copy() => (SparseTextTransformerOptions)base.Copy();
}
