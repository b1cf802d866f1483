using System.Text;

namespace Goroscope.Traces;

/// <summary>The 16-byte header every Go execution trace starts with: `go 1.N trace` padded with NUL bytes.</summary>
public static class TraceHeader
{
    public const int Size = 16;

    /// <summary>Trace format versions Go has written: 1.11–1.21 the old format, 1.22 on the generation-based one.</summary>
    public static IReadOnlyList<int> Supported { get; } = [11, 19, 21, 22, 23, 25, 26];

    public static bool IsGenerational(int version) => version >= 22;

    /// <summary>True when the bytes start like a trace header of any version (for format sniffing).</summary>
    public static bool Matches(ReadOnlySpan<byte> start) => start.StartsWith("go 1."u8) && start.IndexOf(" trace"u8) is > 5 and < 9;

    /// <summary>The minor version N of `go 1.N trace`; throws for anything else or a version no Go ever wrote.</summary>
    public static int Parse(ReadOnlySpan<byte> header)
    {
        if (header.Length < Size || !Matches(header))
            throw new TraceFormatException("not a Go execution trace: the file does not start with `go 1.N trace`");
        var text = Encoding.ASCII.GetString(header[..Size]).TrimEnd('\0');
        if (!text.EndsWith(" trace", StringComparison.Ordinal) || !int.TryParse(text.AsSpan(5, text.Length - 5 - " trace".Length), out var version))
            throw new TraceFormatException($"not a Go execution trace: malformed header {Printable(text)}");
        if (!Supported.Contains(version))
            throw new TraceFormatException($"unsupported trace version go 1.{version}: Goroscope reads the formats of Go 1.11 to 1.27 (headers {string.Join(", ", Supported.Select(v => $"1.{v}"))})");
        return version;
    }

    private static string Printable(string text) => $"\"{new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray())}\"";
}
