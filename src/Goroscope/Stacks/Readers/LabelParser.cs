using System.Text;

namespace Goroscope.Stacks.Readers;

/// <summary>
/// pprof label sets as the runtime prints them: `{"k":"v", "k2":"v2"}` in debug=1 (`# labels:`), and
/// `{handler: orders, tenant: "a b"}` in Go 1.27 traceback headers (quoted only when needed).
/// </summary>
internal static class LabelParser
{
    /// <summary>Parses the text between the braces.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(ReadOnlySpan<byte> body, Interner interner)
    {
        var labels = new List<KeyValuePair<string, string>>();
        var rest = body.Trim(" "u8);
        while (!rest.IsEmpty)
        {
            var key = ReadToken(ref rest, ':', interner);
            rest = rest.TrimStart(" "u8);
            if (!rest.IsEmpty && rest[0] == (byte)':')
                rest = rest[1..].TrimStart(" "u8);
            var value = ReadToken(ref rest, ',', interner);
            labels.Add(new(key, value));
            rest = rest.TrimStart(" "u8);
            if (!rest.IsEmpty && rest[0] == (byte)',')
                rest = rest[1..].TrimStart(" "u8);
        }
        return labels;
    }

    private static string ReadToken(ref ReadOnlySpan<byte> rest, char stop, Interner interner)
    {
        if (!rest.IsEmpty && rest[0] == (byte)'"')
            return Unquote(ref rest, interner);
        // A bare value ends at the ", " separator, not at a comma inside it.
        var end = stop == ',' ? rest.IndexOf(", "u8) : rest.IndexOf((byte)stop);
        var token = end < 0 ? rest : rest[..end];
        rest = end < 0 ? default : rest[end..];
        return interner.String(token.Trim(" "u8));
    }

    /// <summary>A Go double-quoted string (strconv.Quote), escapes included.</summary>
    private static string Unquote(ref ReadOnlySpan<byte> rest, Interner interner)
    {
        var text = new StringBuilder();
        var i = 1;
        for (; i < rest.Length && rest[i] != (byte)'"'; i++)
        {
            if (rest[i] != (byte)'\\' || i + 1 >= rest.Length)
            {
                var start = i;
                while (i + 1 < rest.Length && rest[i + 1] != (byte)'"' && rest[i + 1] != (byte)'\\')
                    i++;
                text.Append(Encoding.UTF8.GetString(rest[start..(i + 1)]));
                continue;
            }
            i++;
            switch ((char)rest[i])
            {
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case 'x' when i + 2 < rest.Length:
                    text.Append((char)Convert.ToByte(Encoding.ASCII.GetString(rest.Slice(i + 1, 2)), 16));
                    i += 2;
                    break;
                case 'u' when i + 4 < rest.Length:
                    text.Append((char)Convert.ToUInt16(Encoding.ASCII.GetString(rest.Slice(i + 1, 4)), 16));
                    i += 4;
                    break;
                default: text.Append((char)rest[i]); break;
            }
        }
        rest = i < rest.Length ? rest[(i + 1)..] : default;
        return interner.String(text.ToString());
    }
}
