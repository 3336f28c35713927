// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Persistence;

/// <summary>
/// Writes and reads the weights of a module built from <see cref="MaskedLinear"/> and ordinary dense modules.
/// The weight of each sparse MaskedLinear is written compactly: the flat row-major indices of its mask's true entries
/// and the weight values there (entries outside the mask are zero by the MaskedLinear invariant and are not stored);
/// a sparse MaskedLinear whose mask is all true (dense training) is written densely with a "full mask" kind;
/// every other parameter (biases, embeddings, LayerNorms, generator/classifier) is written densely.
/// Buffers other than masks (e.g. positional tables) are not written: they follow from the architecture.
/// </summary>
/// <remarks>
/// Format (little-endian): BinaryWriter string "MLSP.TransformerWeights", int32 version 2, then the library's one
/// checksummed container (<see cref="ChecksummedPayload"/>: int64 payload length, payload, uint32 CRC-32). Version 1
/// (written before the container was shared) ended with a uint64 FNV-1a checksum instead and is still read. Payload: int32 entry count, then per parameter in <c>named_parameters()</c>
/// order: byte kind (1 dense, 2 masked, 3 masked with a full mask), string name, int32 rank, int64 dims, and either numel
/// float32 values (dense, full mask) or int64 nnz, nnz int32 strictly increasing flat indices, nnz float32 values (masked).
/// Reading validates everything (names, kinds, shapes, index ranges, checksum) before touching the module, so a
/// corrupt stream leaves the module unchanged.
/// </remarks>
internal static class TransformerWeightsSerializer
{
    private const string Magic = "MLSP.TransformerWeights";
    private const int FormatVersion = 2;

    /// <summary>The first format: the same payload, checked by a 64-bit FNV-1a instead of CRC-32 (read only).</summary>
    private const int FnvFormatVersion = 1;
    private const byte DenseKind = 1;
    private const byte MaskedKind = 2;
    private const byte FullMaskKind = 3;

    /// <summary>Writes the weights of <paramref name="module"/> to <paramref name="stream"/> (left open).</summary>
    /// <exception cref="NotSupportedException">A parameter is not float32, or a layer has more than 2³¹−1 weights.</exception>
    public static void Write(Stream stream, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(module);
        EnsureLittleEndian();
        var sparseWeights = SparseWeightNames(module);
        var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            var parameters = module.named_parameters().ToList();
            w.Write(parameters.Count);
            foreach (var (name, parameter) in parameters)
            {
                if (parameter.dtype != ScalarType.Float32)
                    throw new NotSupportedException($"Parameter '{name}' is {parameter.dtype}; only float32 weights are serialised.");
                bool masked = sparseWeights.TryGetValue(name, out var layer);
                bool fullMask = masked && layer!.ActiveLinks == parameter.numel();
                w.Write(fullMask ? FullMaskKind : masked ? MaskedKind : DenseKind);
                w.Write(name);
                w.Write(parameter.shape.Length);
                foreach (long d in parameter.shape)
                    w.Write(d);
                float[] values = ToArray<float>(parameter);
                if (!masked || fullMask)
                {
                    w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
                    continue;
                }
                if (values.LongLength > int.MaxValue)
                    throw new NotSupportedException($"Layer '{name}' has {values.LongLength} weights; at most {int.MaxValue} are supported.");
                bool[] mask = ToArray<bool>(layer!.Mask);
                var indices = new List<int>();
                for (int i = 0; i < mask.Length; i++)
                    if (mask[i])
                        indices.Add(i);
                var kept = new float[indices.Count];
                for (int i = 0; i < kept.Length; i++)
                    kept[i] = values[indices[i]];
                w.Write((long)indices.Count);
                w.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(indices)));
                w.Write(MemoryMarshal.AsBytes(kept.AsSpan()));
            }
        }
        byte[] bytes = payload.ToArray();
        using var header = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        header.Write(Magic);
        header.Write(FormatVersion);
        ChecksummedPayload.Write(header, bytes);
    }

    /// <summary>Reads weights written by <see cref="Write"/> into an identically built <paramref name="module"/>
    /// (masks of sparse layers are replaced by the stored ones).</summary>
    /// <exception cref="InvalidDataException">The stream is not such a file, is corrupt, or does not match the module.</exception>
    public static void Read(Stream stream, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(module);
        EnsureLittleEndian();
        byte[] payload = ReadPayload(stream);
        var sparseWeights = SparseWeightNames(module);
        var parameters = module.named_parameters().ToList();
        var entries = new List<Action>(parameters.Count);
        try
        {
            using var r = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
            int count = r.ReadInt32();
            if (count != parameters.Count)
                throw new InvalidDataException($"The stream holds {count} parameters, the module has {parameters.Count}.");
            foreach (var (name, parameter) in parameters)
            {
                byte kind = r.ReadByte();
                string storedName = r.ReadString();
                if (storedName != name)
                    throw new InvalidDataException($"Expected parameter '{name}', found '{storedName}'.");
                bool masked = sparseWeights.TryGetValue(name, out var layer);
                bool fullMask = masked && kind == FullMaskKind;
                if (kind != (masked ? MaskedKind : DenseKind) && !fullMask)
                    throw new InvalidDataException($"Parameter '{name}' is stored as kind {kind}, the module expects {(masked ? "masked" : "dense")}.");
                int rank = r.ReadInt32();
                if (rank != parameter.shape.Length)
                    throw new InvalidDataException($"Parameter '{name}' has rank {rank} in the stream, {parameter.shape.Length} in the module.");
                var shape = new long[rank];
                for (int i = 0; i < rank; i++)
                    shape[i] = r.ReadInt64();
                if (!shape.SequenceEqual(parameter.shape))
                    throw new InvalidDataException($"Parameter '{name}' is [{string.Join(",", shape)}] in the stream, [{string.Join(",", parameter.shape)}] in the module.");
                long numel = parameter.numel();
                if (!masked)
                {
                    float[] values = ReadFloats(r, numel, name);
                    entries.Add(() => CopyInto(parameter, values));
                    continue;
                }
                if (fullMask)
                {
                    float[] values = ReadFloats(r, numel, name);
                    var full = layer!;
                    entries.Add(() =>
                    {
                        using var maskTensor = ones(shape, dtype: ScalarType.Bool);
                        full.SetMask(maskTensor);
                        CopyInto(parameter, values);
                    });
                    continue;
                }
                long nnz = r.ReadInt64();
                if (nnz < 0 || nnz > numel)
                    throw new InvalidDataException($"Layer '{name}' claims {nnz} active weights out of {numel}.");
                var indexBytes = r.ReadBytes(checked((int)(nnz * sizeof(int))));
                if (indexBytes.Length != nnz * sizeof(int))
                    throw new InvalidDataException($"Layer '{name}' is truncated.");
                int[] indices = MemoryMarshal.Cast<byte, int>(indexBytes).ToArray();
                for (int i = 0; i < indices.Length; i++)
                    if (indices[i] < 0 || indices[i] >= numel || (i > 0 && indices[i] <= indices[i - 1]))
                        throw new InvalidDataException($"Layer '{name}' has an invalid or unsorted index {indices[i]} at position {i}.");
                float[] kept = ReadFloats(r, nnz, name);
                var dense = new float[numel];
                var mask = new bool[numel];
                for (int i = 0; i < indices.Length; i++)
                {
                    dense[indices[i]] = kept[i];
                    mask[indices[i]] = true;
                }
                var target = layer!;
                entries.Add(() =>
                {
                    using var maskTensor = tensor(mask, shape);
                    target.SetMask(maskTensor);
                    CopyInto(parameter, dense);
                });
            }
            if (r.BaseStream.Position != r.BaseStream.Length)
                throw new InvalidDataException("The stream has trailing data after the last parameter.");
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The weights stream is truncated.", ex);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new InvalidDataException("The weights stream is corrupt: " + ex.Message, ex);
        }
        foreach (var apply in entries)
            apply();
    }

    /// <summary>Maps "path.weight" to its MaskedLinear for every sparse MaskedLinear in <paramref name="module"/>.</summary>
    private static Dictionary<string, MaskedLinear> SparseWeightNames(nn.Module module)
    {
        var map = new Dictionary<string, MaskedLinear>(StringComparer.Ordinal);
        foreach (var (path, sub) in module.named_modules())
            if (sub is MaskedLinear { IsSparse: true } layer)
                map[path + ".weight"] = layer;
        return map;
    }

    private static byte[] ReadPayload(Stream stream)
    {
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            string magic;
            try
            {
                magic = r.ReadString();
            }
            catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
            {
                throw new InvalidDataException("Not a Transformer weights stream.", ex);
            }
            if (magic != Magic)
                throw new InvalidDataException("Not a Transformer weights stream (bad magic).");
            int version = r.ReadInt32();
            if (version == FormatVersion)
                return ChecksummedPayload.Read(r, sizeof(int), int.MaxValue, detail => new InvalidDataException($"The weights stream is corrupt or truncated: {detail}."));
            if (version != FnvFormatVersion)
                throw new InvalidDataException($"Unsupported Transformer weights format version {version} (this build reads {FnvFormatVersion} and {FormatVersion}).");
            long length = r.ReadInt64();
            if (length < sizeof(int) || length > int.MaxValue)
                throw new InvalidDataException($"Implausible payload length {length}.");
            byte[] payload = r.ReadBytes((int)length);
            if (payload.Length != length)
                throw new InvalidDataException("The weights stream is truncated.");
            if (r.ReadUInt64() != Fnv1a(payload))
                throw new InvalidDataException("The weights stream is corrupt (checksum mismatch).");
            return payload;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The weights stream is truncated.", ex);
        }
    }

    private static float[] ReadFloats(BinaryReader r, long count, string name)
    {
        byte[] bytes = r.ReadBytes(checked((int)(count * sizeof(float))));
        if (bytes.Length != count * sizeof(float))
            throw new InvalidDataException($"Parameter '{name}' is truncated.");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    private static T[] ToArray<T>(Tensor t) where T : unmanaged
    {
        using var cpu = t.detach().cpu().contiguous();
        return cpu.data<T>().ToArray();
    }

    private static void CopyInto(Tensor parameter, float[] values)
    {
        using var _ = no_grad();
        using var source = tensor(values, parameter.shape);
        parameter.copy_(source);
    }

    private static ulong Fnv1a(byte[] data)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in data)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Transformer weights are stored little-endian; big-endian hosts are not supported.");
    }
}
