using System.Globalization;
using System.Text;
using Goroscope.Traces.V2;

namespace Goroscope.Tests.Traces;

/// <summary>
/// The text form of the Go 1.22+ wire format that Go's internal/trace/raw writes (`Trace Go1.22` then one event a
/// line, `name arg=value...`), turned back into trace bytes; Go's trace tests in src/internal/trace/testdata are
/// written in it.
/// </summary>
internal static class GoTraceText
{
    private static readonly Dictionary<string, EventType> Types = Enum.GetValues<EventType>()
        .Where(t => EventSpec.Of(t) is not null)
        .ToDictionary(t => EventSpec.Of(t)!.Name);

    public static byte[] Encode(string text)
    {
        var lines = new Queue<string>(text.Split('\n').Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0));
        var header = lines.Dequeue().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (header is not ["Trace", var goVersion] || !goVersion.StartsWith("Go1.", StringComparison.Ordinal))
            throw new FormatException($"not a text trace header: {string.Join(' ', header)}");
        var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes($"go 1.{goVersion[4..]} trace\0\0\0"));
        while (lines.Count > 0)
        {
            var fields = lines.Dequeue().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var type = Types[fields[0]];
            var spec = EventSpec.Of(type)!;
            output.WriteByte((byte)type);
            var args = fields[1..].Select(Value).ToArray();
            foreach (var arg in args)
                WriteUvarint(output, arg);
            if (spec.IsStack)
                for (var frame = 0; frame < (int)args[1]; frame++)
                    foreach (var field in lines.Dequeue().Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        WriteUvarint(output, Value(field));
            if (spec.HasData)
            {
                var data = GoString.Unquote(lines.Dequeue().Split('=', 2)[1].Trim());
                WriteUvarint(output, (ulong)data.Length);
                output.Write(data);
            }
        }
        return output.ToArray();
    }

    private static ulong Value(string field) => ulong.Parse(field.Split('=', 2)[1], CultureInfo.InvariantCulture);

    private static void WriteUvarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        output.WriteByte((byte)value);
    }
}

/// <summary>Go's interpreted string literals (`"a\x00\n"`), as the text traces and fuzz corpus files write bytes.</summary>
internal static class GoString
{
    public static byte[] Unquote(string literal)
    {
        if (literal.Length < 2 || literal[0] != '"' || literal[^1] != '"')
            throw new FormatException($"not a Go string literal: {literal}");
        var bytes = new List<byte>();
        for (var i = 1; i < literal.Length - 1; i++)
        {
            var c = literal[i];
            if (c != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }
            c = literal[++i];
            switch (c)
            {
                case 'x':
                    bytes.Add(Convert.ToByte(literal.Substring(i + 1, 2), 16));
                    i += 2;
                    break;
                case >= '0' and <= '7':
                    bytes.Add(Convert.ToByte(literal.Substring(i, 3), 8));
                    i += 2;
                    break;
                case 'u' or 'U':
                    var digits = c == 'u' ? 4 : 8;
                    bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(Convert.ToInt32(literal.Substring(i + 1, digits), 16))));
                    i += digits;
                    break;
                default:
                    bytes.Add(c switch
                    {
                        'a' => 7,
                        'b' => 8,
                        'f' => 12,
                        'n' => 10,
                        'r' => 13,
                        't' => 9,
                        'v' => 11,
                        _ => (byte)c,
                    });
                    break;
            }
        }
        return bytes.ToArray();
    }
}
