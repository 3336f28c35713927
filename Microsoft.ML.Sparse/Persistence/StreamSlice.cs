// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Persistence;

/// <summary>
/// A read-only window of <c>length</c> bytes of a seekable stream, so that a checksummed payload can be parsed in
/// place instead of being copied. Disposing it leaves the underlying stream open, positioned at <c>resumeAt</c> (just
/// after the payload and its checksum).
/// </summary>
internal sealed class StreamSlice : Stream
{
    private readonly Stream _inner;
    private readonly long _start, _length, _resumeAt;
    private long _position;

    public StreamSlice(Stream inner, long start, long length, long resumeAt)
    {
        _inner = inner;
        _start = start;
        _length = length;
        _resumeAt = resumeAt;
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => true;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => _length;

    /// <inheritdoc/>
    public override long Position
    {
        get => _position;
        set => _position = value >= 0 && value <= _length ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int count = (int)Math.Min(buffer.Length, _length - _position);
        if (count <= 0)
            return 0;
        _inner.Position = _start + _position;
        int read = _inner.Read(buffer[..count]);
        _position += read;
        return read;
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _inner.Position = _resumeAt;
        base.Dispose(disposing);
    }
}
