using System.IO.Compression;

namespace Goroscope.Stacks.Readers;

/// <summary>
/// Wraps a decompressing stream: turns the decompressor's exceptions into one-line read errors and stops a
/// gzip bomb at a size cap instead of filling memory.
/// </summary>
internal sealed class GuardedStream(Stream inner, long maxBytes, string what) : ReadOnlyStream
{
    private long _total;

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
}
