using System.Runtime.CompilerServices;

namespace Microsoft.ML.Sparse.Engine.Managed.Topology;

/// <summary>
/// A growable list of (index, value) entries: the rows of one block, before they are concatenated. Stored in chunks
/// that double in size up to <see cref="MaxChunk"/>, so growing never copies what was written.
/// </summary>
internal sealed class SparseRowBuffer
{
    /// <summary>Entries in the first chunk.</summary>
    private const int FirstChunk = 4096;

    /// <summary>Most entries in one chunk.</summary>
    private const int MaxChunk = 1 << 18;

    private readonly List<(int[] Indices, float[] Values)> _full = new();
    private int _fullCount;
    private int[] _indices = GC.AllocateUninitializedArray<int>(FirstChunk);
    private float[] _values = GC.AllocateUninitializedArray<float>(FirstChunk);
    private int _used;

    /// <summary>Entries written so far.</summary>
    public int Count => _fullCount + _used;

    /// <summary>Appends one entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int index, float value)
    {
        int n = _used;
        int[] indices = _indices;
        if ((uint)n >= (uint)indices.Length)
        {
            NextChunk();
            n = 0;
            indices = _indices;
        }
        indices[n] = index;
        _values[n] = value;
        _used = n + 1;
    }

    /// <summary>Copies every entry to <paramref name="indices"/> and <paramref name="values"/> from <paramref name="offset"/>.</summary>
    public void CopyTo(int[] indices, float[] values, int offset)
    {
        foreach (var (chunkIndices, chunkValues) in _full)
        {
            Array.Copy(chunkIndices, 0, indices, offset, chunkIndices.Length);
            Array.Copy(chunkValues, 0, values, offset, chunkValues.Length);
            offset += chunkIndices.Length;
        }
        Array.Copy(_indices, 0, indices, offset, _used);
        Array.Copy(_values, 0, values, offset, _used);
    }

    /// <summary>Files the full chunk and starts one twice its size (at most <see cref="MaxChunk"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NextChunk()
    {
        _full.Add((_indices, _values));
        _fullCount = checked(_fullCount + _used);
        int size = Math.Min(_indices.Length * 2, MaxChunk);
        _indices = GC.AllocateUninitializedArray<int>(size);
        _values = GC.AllocateUninitializedArray<float>(size);
        _used = 0;
    }
}
