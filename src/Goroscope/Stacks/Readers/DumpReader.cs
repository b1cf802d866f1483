using System.Text;

namespace Goroscope.Stacks.Readers;

/// <summary>
/// The one entry point for goroutine dumps: recognises the format from the content (never from a file name)
/// and hands the stream to the reader for it. Every failure is a <see cref="DumpReadException"/> with a
/// one-line message.
/// </summary>
public static class DumpReader
{
    private const int SniffLength = 64 * 1024;

    /// <summary>Decompressed input beyond this is refused (a gzip bomb, not a dump).</summary>
    public const long MaxDecompressedBytes = 4L << 30;

    public static IReadOnlyList<Snapshot> Read(Stream input) => Read(input, allowGzip: true, MaxDecompressedBytes);

    /// <summary>As <see cref="Read(Stream)"/>, with gzipped input refused past <paramref name="maxDecompressedBytes"/> once decompressed.</summary>
    public static IReadOnlyList<Snapshot> Read(Stream input, long maxDecompressedBytes) => Read(input, allowGzip: true, maxDecompressedBytes);

    private static IReadOnlyList<Snapshot> Read(Stream input, bool allowGzip, long maxDecompressedBytes)
    {
        var head = new byte[SniffLength];
        var length = ReadAtLeast(input, head);
        var stream = new PrefixedStream(head, length, input);
        var sniff = head.AsSpan(0, length);
        switch (Sniff(sniff, allowGzip))
        {
            case Kind.Gzip:
                return Read(GuardedStream.Gunzip(stream, maxDecompressedBytes), allowGzip: false, maxDecompressedBytes);
            case Kind.Debug1:
                return Debug1Reader.Read(stream);
            case Kind.Pprof:
                return [PprofReader.Read(stream)];
            case Kind.Traceback:
                return TracebackReader.Read(stream);
            default:
                throw new DumpReadException(Describe(sniff, allowGzip));
        }
    }

    private enum Kind { Gzip, Debug1, Pprof, Traceback, Unreadable }

    private static Kind Sniff(ReadOnlySpan<byte> head, bool allowGzip)
    {
        if (head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b)
            return allowGzip ? Kind.Gzip : Kind.Unreadable;
        var text = head.TrimStart(" \t\r\n"u8);
        if (text.IsEmpty)
            return Kind.Unreadable;
        if (text.StartsWith("goroutine profile: total "u8) || text.StartsWith("goroutineleak profile: total "u8))
            return Kind.Debug1;
        if (Goroscope.Traces.TraceHeader.Matches(head))
            return Kind.Unreadable;
        if (LooksBinary(head))
            return StartsWithProfileField(head[0]) ? Kind.Pprof : Kind.Unreadable;
        if (LooksLikeHtml(text))
            return Kind.Unreadable;
        return Kind.Traceback;
    }

    private static string Describe(ReadOnlySpan<byte> head, bool allowGzip)
    {
        if (head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b && !allowGzip)
            return "gzip data inside gzip data: not a goroutine profile";
        var text = head.TrimStart(" \t\r\n"u8);
        if (text.IsEmpty)
            return head.IsEmpty ? "the input is empty" : "the input holds only white space";
        if (LooksLikeHtml(text))
            return $"the input is an HTML page, not a goroutine dump (a proxy, login or error page?){Title(text)}";
        if (Goroscope.Traces.TraceHeader.Matches(head))
            return "the input is a Go execution trace, not a goroutine dump: read it with `goroscope trace`";
        return "the input is binary data but not a pprof profile (gzipped or not)";
    }

    /// <summary>A protobuf tag of one of Profile's fields (1–16) with a varint or length-delimited wire type.</summary>
    private static bool StartsWithProfileField(byte tag) => tag >> 3 is >= 1 and <= 16 && (tag & 7) is 0 or 2;

    private static bool LooksBinary(ReadOnlySpan<byte> head)
    {
        var sample = head[..Math.Min(head.Length, 4096)];
        var control = 0;
        foreach (var b in sample)
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x1b or 0x0c))
                control++;
        return control > 0 && control * 100 >= sample.Length;
    }

    private static bool LooksLikeHtml(ReadOnlySpan<byte> text)
    {
        var start = Encoding.ASCII.GetString(text[..Math.Min(text.Length, 256)]).ToLowerInvariant();
        return start.StartsWith("<!doctype html", StringComparison.Ordinal) || start.StartsWith("<html", StringComparison.Ordinal)
            || (start.StartsWith('<') && start.Contains("<body", StringComparison.Ordinal));
    }

    private static string Title(ReadOnlySpan<byte> text)
    {
        var page = Encoding.UTF8.GetString(text);
        var open = page.IndexOf("<title>", StringComparison.OrdinalIgnoreCase);
        var close = open < 0 ? -1 : page.IndexOf("</title>", open, StringComparison.OrdinalIgnoreCase);
        return close < 0 ? "" : $": \"{page[(open + 7)..close].Trim()}\"";
    }

    private static int ReadAtLeast(Stream input, byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = input.Read(buffer, total, buffer.Length - total);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }
}
