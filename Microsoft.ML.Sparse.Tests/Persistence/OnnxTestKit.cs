// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>Exports a fitted pipeline with <c>mlContext.Model.ConvertToOnnx</c> and runs it in ONNX Runtime.</summary>
internal static class OnnxTestKit
{
    /// <summary>The .onnx bytes of <paramref name="model"/> for inputs shaped like <paramref name="data"/>.</summary>
    public static byte[] Export(MLContext ml, ITransformer model, IDataView data)
    {
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, data, stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Runs the ONNX model on every row of <paramref name="data"/> as one batch, feeding each graph input from the
    /// column of the same name; returns the outputs by ML.NET column name ("Score.output" -> "Score").
    /// </summary>
    public static Dictionary<string, Array> Run(byte[] onnx, IDataView data)
    {
        using var session = new InferenceSession(onnx);
        var inputs = session.InputMetadata.Select(input => ToOnnxValue(input.Key, data)).ToList();
        using var results = session.Run(inputs);
        var outputs = new Dictionary<string, Array>();
        foreach (var result in results)
        {
            string name = result.Name.EndsWith(".output", StringComparison.Ordinal) ? result.Name[..^".output".Length] : result.Name;
            outputs[name] = result.Value switch
            {
                Tensor<float> t => t.ToArray(),
                Tensor<uint> t => t.ToArray(),
                Tensor<bool> t => t.ToArray(),
                Tensor<long> t => t.ToArray(),
                Tensor<string> t => t.ToArray(),
                _ => Array.Empty<object>(),
            };
        }
        return outputs;
    }

    /// <summary>The largest |onnx - mlnet| over all values.</summary>
    public static double MaxAbsDifference(float[] onnx, float[] mlnet)
    {
        Assert.HasCount(mlnet.Length, onnx);
        double max = 0;
        for (int i = 0; i < onnx.Length; i++)
            max = Math.Max(max, Math.Abs((double)onnx[i] - mlnet[i]));
        return max;
    }

    private static NamedOnnxValue ToOnnxValue(string name, IDataView data)
    {
        var column = data.Schema[name];
        var type = column.Type;
        int width = type is VectorDataViewType v ? v.Size : 1;
        var itemType = type is VectorDataViewType vector ? vector.ItemType : type;
        if (itemType == NumberDataViewType.Single)
        {
            float[] flat = type is VectorDataViewType
                ? data.GetColumn<float[]>(name).SelectMany(r => r).ToArray()
                : data.GetColumn<float>(name).ToArray();
            return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(flat, new[] { flat.Length / width, width }));
        }
        if (itemType is KeyDataViewType)
        {
            uint[] flat = data.GetColumn<uint>(name).ToArray();
            return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<uint>(flat, new[] { flat.Length, 1 }));
        }
        if (itemType == BooleanDataViewType.Instance)
        {
            bool[] flat = data.GetColumn<bool>(name).ToArray();
            return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<bool>(flat, new[] { flat.Length, 1 }));
        }
        if (itemType is TextDataViewType)
        {
            string[] flat = data.GetColumn<string>(name).ToArray();
            return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(flat, new[] { flat.Length, 1 }));
        }
        throw new NotSupportedException($"Test kit: no ONNX input for column '{name}' of type {type}.");
    }
}
