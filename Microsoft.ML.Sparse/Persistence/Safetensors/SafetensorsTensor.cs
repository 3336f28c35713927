// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Persistence.Safetensors;

/// <summary>One tensor of a safetensors file: its name, element type, shape and raw little-endian bytes (row-major).</summary>
/// <param name="Name">The key (e.g. "Linear1.weight").</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The dimensions, outermost first.</param>
/// <param name="Data">The bytes: product(shape) x element size.</param>
internal sealed record SafetensorsTensor(string Name, SafetensorsDType DType, long[] Shape, byte[] Data)
{
    /// <summary>Bytes per element.</summary>
    public static int ElementSize(SafetensorsDType type) => type == SafetensorsDType.F32 ? 4 : 1;

    /// <summary>A float32 tensor.</summary>
    public static SafetensorsTensor FromFloats(string name, long[] shape, float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return new SafetensorsTensor(name, SafetensorsDType.F32, shape, bytes);
    }

    /// <summary>A bool tensor (one byte per value).</summary>
    public static SafetensorsTensor FromBools(string name, long[] shape, bool[] values) =>
        new(name, SafetensorsDType.Bool, shape, values.Select(v => v ? (byte)1 : (byte)0).ToArray());

    /// <summary>The values as floats (F32 only).</summary>
    public float[] ToFloats()
    {
        if (DType != SafetensorsDType.F32)
            throw new InvalidDataException($"Tensor '{Name}' is {DType}, not F32; save it as float32 (tensor.float()).");
        var values = new float[Data.Length / sizeof(float)];
        Buffer.BlockCopy(Data, 0, values, 0, Data.Length);
        return values;
    }

    /// <summary>The values as booleans: nonzero is true (BOOL, U8 or F32 masks).</summary>
    public bool[] ToBools() => DType == SafetensorsDType.F32 ? ToFloats().Select(v => v != 0).ToArray() : Data.Select(b => b != 0).ToArray();
}
