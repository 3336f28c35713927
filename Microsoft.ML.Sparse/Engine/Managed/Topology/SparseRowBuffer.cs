using System.Runtime.CompilerServices;

namespace Microsoft.ML.Sparse.Engine.Managed.Topology;

/// <summary>A growable list of (index, value) entries: the rows of one block, before they are concatenated.</summary>
internal sealed class SparseRowBuffer
{
    private int[] _indices;
    private float[] _values;

    /// <summary>An empty buffer with room for <paramref name="capacity"/> entries.</summary>
    public SparseRowBuffer(int capacity = 1024)
    {
        _indices = new int[Math.Max(capacity, 16)];
        _values = new float[_indices.Length];
    }

    /// <summary>Entries written so far.</summary>
    public int Count { get; private set; }

    /// <summary>Appends one entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int index, float value)
    {
        int n = Count;
        if ((uint)n >= (uint)_indices.Length)
            Grow();
        _indices[n] = index;
        _values[n] = value;
        Count = n + 1;
    }

    /// <summary>Copies every entry to <paramref name="indices"/> and <paramref name="values"/> from <paramref name="offset"/>.</summary>
    public void CopyTo(int[] indices, float[] values, int offset)
    {
        Array.Copy(_indices, 0, indices, offset, Count);
        Array.Copy(_values, 0, values, offset, Count);
    }

    /// <summary>Doubles the capacity (checked against the largest array).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        int capacity = (int)Math.Min((long)_indices.Length * 2, Array.MaxLength);
        if (capacity <= _indices.Length)
            throw new OutOfMemoryException("Too many sparse entries for one block.");
        Array.Resize(ref _indices, capacity);
        Array.Resize(ref _values, capacity);
    }
}
