// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Buffers;
using System.Runtime.CompilerServices;

namespace Microsoft.ML.Sparse.Inference;

/// <summary>
/// A trained MLP ready for managed scoring: a chain of <see cref="InferenceLayer"/>s (CSR or dense) computed with
/// SIMD kernels, without TorchSharp. <see cref="Score"/> allocates nothing and is safe for concurrent calls
/// (scratch space comes from the stack or a per-thread buffer).
/// </summary>
internal sealed class SparseMlpInferenceModel
{
    // Scratch up to this many floats (two buffers) lives on the stack; wider models rent from the pool.
    private const int StackScratchFloats = 8192;

    private readonly InferenceLayer[] _layers;

    /// <summary>Creates the model; consecutive layers must chain (outputs of one = inputs of the next).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SparseMlpInferenceModel(IReadOnlyList<InferenceLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
            throw new ArgumentException("A model needs at least one layer.", nameof(layers));
        for (int i = 0; i < layers.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(layers[i], $"{nameof(layers)}[{i}]");
            if (i > 0 && layers[i].InputSize != layers[i - 1].OutputSize)
                throw new ArgumentException($"Layer {i} ('{layers[i].Name}') has {layers[i].InputSize} inputs but layer {i - 1} ('{layers[i - 1].Name}') has {layers[i - 1].OutputSize} outputs.", nameof(layers));
            if (i > 0 && layers[i].OriginalInputSize != layers[i - 1].OriginalOutputSize)
                throw new ArgumentException($"Layer {i} ('{layers[i].Name}') was trained with {layers[i].OriginalInputSize} inputs but layer {i - 1} with {layers[i - 1].OriginalOutputSize} outputs.", nameof(layers));
        }
        if (layers[0].InputSize != layers[0].OriginalInputSize)
            throw new ArgumentException("The input layer cannot drop input features.", nameof(layers));
        if (layers[^1].OutputSize != layers[^1].OriginalOutputSize)
            throw new ArgumentException("The output layer cannot drop outputs.", nameof(layers));
        if (layers[^1].OutputSize == 0)
            throw new ArgumentException("The model must have at least one output.", nameof(layers));
        _layers = layers.ToArray();
        MaxWidth = _layers.Max(l => l.OutputSize);
    }

    /// <summary>Number of input features.</summary>
    public int InputSize => _layers[0].InputSize;

    /// <summary>Number of outputs (logits).</summary>
    public int OutputSize => _layers[^1].OutputSize;

    /// <summary>The layers, input first.</summary>
    public IReadOnlyList<InferenceLayer> Layers => _layers;

    /// <summary>Largest layer output size (scratch needed per buffer).</summary>
    public int MaxWidth { get; }

    /// <summary>
    /// 1 when the first layer is a fixed input encoding (activation <see cref="MlpActivation.Clamp01"/>: the
    /// piecewise-linear encoding of tabular features), else 0. It is part of scoring but was not trained, so the link,
    /// density and neuron counts below leave it out.
    /// </summary>
    public int EncodingLayerCount => _layers.Length > 1 && _layers[0].Activation == MlpActivation.Clamp01 ? 1 : 0;

    /// <summary>Links carrying a trained weight, summed over the trained layers.</summary>
    public long ActiveLinks => TrainedLayers.Sum(l => l.ActiveLinks);

    /// <summary>Links of the trained architecture if it were dense (Σ in·out of the original sizes of the trained layers).</summary>
    public long DenseLinks => TrainedLayers.Sum(l => (long)l.OriginalInputSize * l.OriginalOutputSize);

    /// <summary><see cref="ActiveLinks"/> / <see cref="DenseLinks"/>.</summary>
    public double Density => DenseLinks == 0 ? 0 : (double)ActiveLinks / DenseLinks;

    /// <summary>Hidden neurons kept (outputs of every trained layer except the last).</summary>
    public int ActiveHiddenNeurons => TrainedLayers.Take(_layers.Length - EncodingLayerCount - 1).Sum(l => l.OutputSize);

    /// <summary>Hidden neurons of the trained architecture.</summary>
    public int OriginalHiddenNeurons => TrainedLayers.Take(_layers.Length - EncodingLayerCount - 1).Sum(l => l.OriginalOutputSize);

    /// <summary>The layers that were trained: all but the input encoding.</summary>
    public IEnumerable<InferenceLayer> TrainedLayers => _layers.Skip(EncodingLayerCount);

    /// <summary>Scores one row: <paramref name="outputs"/> receives the raw outputs (logits) of the last layer.</summary>
    [SkipLocalsInit]
    public void Score(ReadOnlySpan<float> features, Span<float> outputs)
    {
        if (features.Length != InputSize)
            throw new ArgumentException($"The model expects {InputSize} features, got {features.Length}.", nameof(features));
        if (outputs.Length != OutputSize)
            throw new ArgumentException($"The model produces {OutputSize} outputs, the destination has {outputs.Length}.", nameof(outputs));
        if (_layers.Length == 1)
        {
            _layers[0].Forward(features, outputs);
            return;
        }
        int scratchLength = 2 * MaxWidth;
        Span<float> scratch = scratchLength <= StackScratchFloats
            ? stackalloc float[scratchLength]
            : ThreadScratch(scratchLength);
        Forward(features, outputs, scratch.Slice(0, MaxWidth), scratch.Slice(MaxWidth, MaxWidth));
    }

    // Per-thread scratch for wide models: allocated once per thread and never trimmed (unlike ArrayPool's
    // thread-local buckets, which a gen-2 GC may release), so steady-state scoring allocates nothing.
    [ThreadStatic]
    private static float[]? t_scratch;

    private static Span<float> ThreadScratch(int length)
    {
        var buffer = t_scratch;
        if (buffer is null || buffer.Length < length)
            t_scratch = buffer = new float[length];
        return buffer.AsSpan(0, length);
    }

    /// <summary>
    /// Scores <paramref name="rowCount"/> rows stored row-major in <paramref name="features"/> (rowCount·InputSize)
    /// into <paramref name="outputs"/> (rowCount·OutputSize).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ScoreBatch(ReadOnlySpan<float> features, Span<float> outputs, int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if (features.Length != (long)rowCount * InputSize)
            throw new ArgumentException($"{rowCount} rows need {(long)rowCount * InputSize} features, got {features.Length}.", nameof(features));
        if (outputs.Length != (long)rowCount * OutputSize)
            throw new ArgumentException($"{rowCount} rows need {(long)rowCount * OutputSize} outputs, got {outputs.Length}.", nameof(outputs));
        if (rowCount == 0)
            return;
        float[] scratch = ArrayPool<float>.Shared.Rent(2 * MaxWidth);
        try
        {
            var a = scratch.AsSpan(0, MaxWidth);
            var b = scratch.AsSpan(MaxWidth, MaxWidth);
            for (int row = 0; row < rowCount; row++)
            {
                var x = features.Slice(row * InputSize, InputSize);
                var y = outputs.Slice(row * OutputSize, OutputSize);
                if (_layers.Length == 1)
                    _layers[0].Forward(x, y);
                else
                    Forward(x, y, a, b);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>The same model with every layer stored dense (for size and speed comparisons).</summary>
    public SparseMlpInferenceModel ToDense() => new(_layers.Select(l => l.ToDense()).ToArray());

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forward(ReadOnlySpan<float> features, Span<float> outputs, Span<float> a, Span<float> b)
    {
        ReadOnlySpan<float> current = features;
        for (int i = 0; i < _layers.Length; i++)
        {
            var layer = _layers[i];
            Span<float> target = i == _layers.Length - 1 ? outputs : (i % 2 == 0 ? a : b).Slice(0, layer.OutputSize);
            layer.Forward(current, target);
            current = target;
        }
    }
}
