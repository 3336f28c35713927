// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Buffers;
using System.Runtime.CompilerServices;

namespace Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

/// <summary>
/// A growable list of (index, value) entries: the rows of one block, before they are concatenated. Stored in chunks
/// that double in size up to <see cref="MaxChunk"/> (or the largest reservation), so growing never copies what was
/// written. Entries are appended one at a time (<see cref="Add"/>) or written in bulk into a reserved range
/// (<see cref="Reserve"/>, then <see cref="Commit"/>). Chunks are rented from the shared array pools and go back with
/// <see cref="Release"/>, so repeated scoring reuses warm memory instead of faulting in fresh pages.
/// </summary>
internal sealed class SparseRowBuffer
{
    /// <summary>Entries in the first chunk.</summary>
    private const int FirstChunk = 4096;

    /// <summary>Most entries in one chunk unless a reservation needs more.</summary>
    private const int MaxChunk = 1 << 18;

    /// <summary>Filed chunks with the entries used in each.</summary>
    private readonly List<(int[] Indices, float[] Values, int Used)> _full = new();
    /// <summary>Entries in the filed chunks.</summary>
    private int _fullCount;
    /// <summary>Indices of the current chunk.</summary>
    private int[] _indices = ArrayPool<int>.Shared.Rent(FirstChunk);
    /// <summary>Values of the current chunk.</summary>
    private float[] _values = ArrayPool<float>.Shared.Rent(FirstChunk);
    /// <summary>Entries used in the current chunk.</summary>
    private int _used;

    /// <summary>Entries written so far.</summary>
    public int Count => _fullCount + _used;

    /// <summary>Appends one entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int index, float value)
    {
        if ((uint)_used >= (uint)_indices.Length)
            NextChunk(1);
        _indices[_used] = index;
        _values[_used] = value;
        _used++;
    }

    /// <summary>
    /// Room for at least <paramref name="count"/> entries: the current chunk's arrays and the first free position.
    /// Write up to <paramref name="count"/> entries there, then <see cref="Commit"/> how many were written.
    /// </summary>
    public (int[] Indices, float[] Values, int Offset) Reserve(int count)
    {
        if (_indices.Length - _used < count)
            NextChunk(count);
        return (_indices, _values, _used);
    }

    /// <summary>Accepts <paramref name="written"/> entries written after the last <see cref="Reserve"/>.</summary>
    public void Commit(int written)
    {
        if (written < 0 || written > _indices.Length - _used)
            throw new ArgumentOutOfRangeException(nameof(written), written, "More entries than were reserved.");
        _used += written;
    }

    /// <summary>Copies every entry to <paramref name="indices"/> and <paramref name="values"/> from <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CopyTo(int[] indices, float[] values, int offset)
    {
        foreach (var (chunkIndices, chunkValues, used) in _full)
        {
            Array.Copy(chunkIndices, 0, indices, offset, used);
            Array.Copy(chunkValues, 0, values, offset, used);
            offset += used;
        }
        Array.Copy(_indices, 0, indices, offset, _used);
        Array.Copy(_values, 0, values, offset, _used);
    }

    /// <summary>Returns every chunk to the shared pools; the buffer must not be used afterwards.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Release()
    {
        foreach (var (chunkIndices, chunkValues, _) in _full)
        {
            ArrayPool<int>.Shared.Return(chunkIndices);
            ArrayPool<float>.Shared.Return(chunkValues);
        }
        _full.Clear();
        ArrayPool<int>.Shared.Return(_indices);
        ArrayPool<float>.Shared.Return(_values);
        _indices = Array.Empty<int>();
        _values = Array.Empty<float>();
        _fullCount = _used = 0;
    }

    /// <summary>Files the current chunk and starts one twice its size (at most <see cref="MaxChunk"/>, at least <paramref name="needed"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NextChunk(int needed)
    {
        _full.Add((_indices, _values, _used));
        _fullCount = checked(_fullCount + _used);
        int size = Math.Max(Math.Min(_indices.Length * 2, MaxChunk), needed);
        _indices = ArrayPool<int>.Shared.Rent(size);
        _values = ArrayPool<float>.Shared.Rent(size);
        _used = 0;
    }
}
