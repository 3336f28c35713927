// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Core.Training;

namespace Microsoft.ML.Sparse.Engine.Csr;

/// <summary>
/// The paper's MLP in the managed engine: CSR layers, ReLU (and optional inverted dropout) after every hidden layer,
/// one of the <see cref="MlpLoss"/> heads. Batches are gathered feature-major ([feature][stride]) and every buffer is
/// allocated once, so a training step allocates nothing. After <see cref="ForwardBackward"/>, each layer holds its
/// gradients and the buffers hold the batch's activations and output gradients (RigL reads them at round time).
/// Forward, backward and ReLU kernels split their rows, columns or elements over up to <c>threads</c> threads (see
/// <see cref="KernelPartition"/>); the results are bit-identical for any number of threads.
/// </summary>
internal sealed class CsrMlp : IDisposable
{
    private const int EvaluationBatch = 256;
    private readonly CsrTrainingLayer[] _layers;
    private readonly MlpLoss _loss;
    private readonly float _dropout;
    private readonly SplitMixRandom _dropoutRandom;
    private readonly int _capacity;
    private readonly KernelWorkers? _workers;
    private int _stride;       // floats per feature row of the current batch (its size rounded up to the SIMD block)
    private readonly float[] _input;
    private readonly float[][] _activations;   // output of layer l (after ReLU/dropout for hidden layers)
    private readonly float[][] _gradients;     // ∂loss/∂(pre-activation) of layer l
    private readonly int[] _classes;
    private readonly float[] _targets;
    private int _count;

    /// <param name="layers">Input layer first, output layer last (consecutive sizes must match).</param>
    /// <param name="loss">Head.</param>
    /// <param name="dropout">Dropout probability after every hidden activation, in [0, 1).</param>
    /// <param name="maxBatch">Largest training batch.</param>
    /// <param name="seed">Seed of the dropout draws.</param>
    /// <param name="threads">Most threads of a step's kernels (≥ 1).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public CsrMlp(IReadOnlyList<CsrTrainingLayer> layers, MlpLoss loss, double dropout, int maxBatch, long seed, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
            throw new ArgumentException("The MLP needs at least one layer.", nameof(layers));
        for (int l = 1; l < layers.Count; l++)
            if (layers[l].Columns != layers[l - 1].Rows)
                throw new ArgumentException($"Layer '{layers[l].Name}' has {layers[l].Columns} inputs but '{layers[l - 1].Name}' has {layers[l - 1].Rows} outputs.", nameof(layers));
        if (!(dropout >= 0 && dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout must be in [0, 1).");
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _layers = layers.ToArray();
        _workers = threads > 1 ? new KernelWorkers(threads) : null;
        _loss = loss;
        _dropout = (float)dropout;
        _dropoutRandom = new SplitMixRandom(seed, stream: 0xD0);
        _capacity = FeatureMajorKernels.StrideFor(Math.Max(maxBatch, EvaluationBatch));
        _input = new float[checked(_layers[0].Columns * _capacity)];
        _activations = _layers.Select(l => new float[checked(l.Rows * _capacity)]).ToArray();
        _gradients = _layers.Select(l => new float[checked(l.Rows * _capacity)]).ToArray();
        _classes = new int[_capacity];
        _targets = new float[_capacity];
    }

    /// <summary>Most threads of a step's kernels.</summary>
    public int Threads => _workers?.Count ?? 1;

    /// <summary>The threads of the step's kernels (null: the calling thread only), shared with the optimizer.</summary>
    public KernelWorkers? Workers => _workers;

    /// <summary>Stops the kernel threads.</summary>
    public void Dispose() => _workers?.Dispose();

    /// <summary>The layers, input first.</summary>
    public IReadOnlyList<CsrTrainingLayer> Layers => _layers;

    /// <summary>
    /// Forward and backward pass of one training batch: fills every layer's gradients and returns the mean loss. When
    /// the loss is not finite the backward pass is skipped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float ForwardBackward(CsrRows data, ReadOnlySpan<long> rows)
    {
        Gather(data, rows);
        Forward(training: true);
        double sum = FeatureMajorLoss.Compute(_loss, _activations[^1], _layers[^1].Rows, _stride, _count, _classes, _targets,
            _gradients[^1], 1f / _count, out _);
        float loss = (float)(sum / _count);
        if (!float.IsFinite(loss))
            return loss;
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            var input = l == 0 ? _input : _activations[l - 1];
            var inputGradient = l == 0 ? Span<float>.Empty : _gradients[l - 1].AsSpan();
            FeatureMajorKernels.Backward(_layers[l], _gradients[l], input, inputGradient, _stride, _workers);
            if (l > 0)
            {
                int used = _layers[l - 1].Rows * _stride;
                FeatureMajorKernels.ReluBackward(_gradients[l - 1].AsSpan(0, used), _activations[l - 1].AsSpan(0, used), _workers);
                if (_dropout > 0)
                    Scale(_gradients[l - 1].AsSpan(0, used), 1f / (1 - _dropout));
            }
        }
        return loss;
    }

    /// <summary>Mean loss and accuracy (classifiers) of <paramref name="data"/>, evaluation mode.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ValidationResult Evaluate(CsrRows data)
    {
        double lossSum = 0;
        long correct = 0;
        var rows = new long[EvaluationBatch];
        for (int start = 0; start < data.Rows; start += EvaluationBatch)
        {
            int length = Math.Min(EvaluationBatch, data.Rows - start);
            for (int i = 0; i < length; i++)
                rows[i] = start + i;
            Gather(data, rows.AsSpan(0, length));
            Forward(training: false);
            lossSum += FeatureMajorLoss.Compute(_loss, _activations[^1], _layers[^1].Rows, _stride, _count, _classes, _targets,
                Span<float>.Empty, 1f, out long right);
            correct += right;
        }
        double? accuracy = _loss == MlpLoss.SquaredError ? null : (double)correct / data.Rows;
        return new ValidationResult(lossSum / data.Rows, accuracy);
    }

    /// <summary>
    /// The dense gradient ∂loss/∂W [rows × columns] of layer <paramref name="index"/> for the last training batch
    /// (RigL's regrowth score; formed only at round time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float[] DenseGradient(int index)
    {
        var layer = _layers[index];
        var g = _gradients[index];
        var x = index == 0 ? _input : _activations[index - 1];
        var result = new float[(long)layer.Rows * layer.Columns];
        Parallel.For(0, layer.Rows, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (r) =>
        {
            var gr = g.AsSpan(r * _stride, _count);
            for (int c = 0; c < layer.Columns; c++)
            {
                var xc = x.AsSpan(c * _stride, _count);
                float sum = 0;
                for (int b = 0; b < gr.Length; b++)
                    sum += gr[b] * xc[b];
                result[(long)r * layer.Columns + c] = sum;
            }
        });
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forward(bool training)
    {
        for (int l = 0; l < _layers.Length; l++)
        {
            bool hidden = l + 1 < _layers.Length;
            FeatureMajorKernels.Forward(_layers[l], l == 0 ? _input : _activations[l - 1], _activations[l], _stride, relu: hidden, _workers);
            if (hidden && training && _dropout > 0)
                Dropout(_activations[l], _layers[l].Rows);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Dropout(float[] h, int rows)
    {
        float scale = 1f / (1 - _dropout);
        for (int r = 0; r < rows; r++)
        {
            int offset = r * _stride;
            for (int b = 0; b < _count; b++)
                h[offset + b] = _dropoutRandom.NextDouble() < _dropout ? 0f : h[offset + b] * scale;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scale(Span<float> values, float factor)
    {
        for (int i = 0; i < values.Length; i++)
            values[i] *= factor;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gather(CsrRows data, ReadOnlySpan<long> rows)
    {
        if (rows.Length == 0 || rows.Length > _capacity)
            throw new ArgumentOutOfRangeException(nameof(rows), rows.Length, $"A batch holds 1 to {_capacity} rows.");
        if (data.FeatureCount != _layers[0].Columns)
            throw new ArgumentException($"The rows have {data.FeatureCount} features, the network {_layers[0].Columns} inputs.", nameof(data));
        _count = rows.Length;
        _stride = FeatureMajorKernels.StrideFor(_count);
        int features = data.FeatureCount;
        Array.Clear(_input, 0, features * _stride);
        var source = data.Features;
        for (int b = 0; b < _count; b++)
        {
            int offset = checked((int)rows[b] * features);
            for (int f = 0; f < features; f++)
                _input[f * _stride + b] = source[offset + f];
            if (data.Classes != null)
                _classes[b] = data.Classes[rows[b]];
            else
                _targets[b] = data.Targets![rows[b]];
        }
    }
}
