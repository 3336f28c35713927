// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.OnnxRuntime;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// A prediction transformer exported with <c>mlContext.Model.ConvertToOnnx</c> and loaded into an ONNX Runtime
/// session (one intra-op thread, like the managed kernels; default graph optimisations, which fold the sparse
/// layers' ConstantOfShape/ScatterElements/Reshape into dense weights once at load). Scores one row per call
/// with pre-allocated input and output tensors.
/// </summary>
internal sealed class OnnxRuntimeScoring : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _input;
    private readonly float[] _score;
    private readonly uint[] _label = new uint[1];
    private readonly OrtValue[] _inputs;
    private readonly OrtValue[] _outputs;
    private readonly string[] _inputNames = { "Features" };
    private readonly string[] _outputNames = { "Score.output", "PredictedLabel.output" };
    private int _next;

    public OnnxRuntimeScoring(MLContext ml, ITransformer model, IDataView inputShape, int features, int classes)
    {
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, inputShape, stream);
        OnnxBytes = stream.Length;
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _session = new InferenceSession(stream.ToArray(), options);
        _input = new float[features];
        _score = new float[classes];
        _inputs = new[] { OrtValue.CreateTensorValueFromMemory(_input, new long[] { 1, features }) };
        _outputs = new[]
        {
            OrtValue.CreateTensorValueFromMemory(_score, new long[] { 1, classes }),
            OrtValue.CreateTensorValueFromMemory(_label, new long[] { 1, 1 }),
        };
    }

    /// <summary>Size of the exported .onnx.</summary>
    public long OnnxBytes { get; }

    /// <summary>The Score vector of the last call.</summary>
    public ReadOnlySpan<float> Score => _score;

    /// <summary>Scores row <c>i mod rows</c> of <paramref name="inputs"/> (row-major, <c>features</c> per row).</summary>
    public void ScoreNext(float[] inputs)
    {
        int rows = inputs.Length / _input.Length;
        ScoreRow(inputs, _next++ % rows);
    }

    /// <summary>Scores row <paramref name="row"/> of <paramref name="inputs"/>.</summary>
    public void ScoreRow(float[] inputs, int row)
    {
        inputs.AsSpan(row * _input.Length, _input.Length).CopyTo(_input);
        _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);
    }

    public void Dispose()
    {
        foreach (var value in _inputs.Concat(_outputs))
            value.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
