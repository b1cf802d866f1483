using System.IO.Compression;

namespace Goroscope.Stacks.Readers;

/// <summary>
/// Wraps a decompressing stream: turns the decompressor's exceptions into one-line read errors and stops a
/// gzip bomb at a size cap instead of filling memory.
/// </summary>
internal sealed class GuardedStream(Stream inner, long maxBytes, string what) : Stream
{
    private long _total;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = inner.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new DumpReadException($"corrupt {what}: {e.Message.TrimEnd('.')}");
        }
        catch (EndOfStreamException)
        {
            throw new DumpReadException($"truncated {what}: the data ends before the compressed stream does");
        }
        _total += n;
        if (_total > maxBytes)
            throw new DumpReadException($"{what} expands to more than {Sizes.Format(maxBytes)}; refusing to read further");
        return n;
    }

    public static Stream Gunzip(Stream compressed, long maxBytes) =>
        new GuardedStream(new GZipStream(compressed, CompressionMode.Decompress), maxBytes, "gzip data");

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
