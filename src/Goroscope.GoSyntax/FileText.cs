using System.Text;

namespace Goroscope.GoSyntax;

/// <summary>A position resolved to a line and column, both counted from 1 (columns in bytes, like go/token).</summary>
public readonly record struct Position(string Filename, int Offset, int Line, int Column)
{
    public bool IsValid => Line > 0;

    // As go/token: "file:line:column", without the column when it is unknown (0), "-" when empty.
    public override string ToString()
    {
        var s = Filename;
        if (IsValid)
        {
            s += (s.Length > 0 ? ":" : "") + Line;
            if (Column != 0)
            {
                s += ":" + Column;
            }
        }
        return s.Length > 0 ? s : "-";
    }
}

/// <summary>
/// The bytes of one Go source file and its line table. Node positions are byte offsets into
/// <see cref="Content"/> (<see cref="NoPos"/> when absent); lines and columns are computed on demand.
/// </summary>
public sealed class FileText
{
    public const int NoPos = -1;

    private int[]? lineStarts;
    private List<(int Offset, string Filename, int Line, int Column)>? directives;

    public FileText(string name, byte[] content)
    {
        Name = name;
        Content = content;
    }

    public string Name { get; }

    public byte[] Content { get; }

    public int Size => Content.Length;

    public int LineCount => LineStarts.Length;

    /// <summary>The offsets at which each line begins; the first is always 0.</summary>
    public ReadOnlySpan<int> Lines => LineStarts;

    private int[] LineStarts => lineStarts ??= ComputeLineStarts(Content);

    public static FileText FromText(string name, string text) => new(name, Encoding.UTF8.GetBytes(text));

    /// <summary>The 1-based line containing <paramref name="offset"/>.</summary>
    public int Line(int offset)
    {
        if (offset < 0)
        {
            return 0;
        }
        var starts = LineStarts;
        var i = Array.BinarySearch(starts, Math.Min(offset, Content.Length));
        return i >= 0 ? i + 1 : ~i;
    }

    /// <summary>
    /// The position of <paramref name="offset"/> as go/token reports it: remapped by any
    /// preceding //line directive (column 0 when the directive gave none).
    /// </summary>
    public Position Position(int offset)
    {
        var raw = RawPosition(offset);
        if (directives is null || offset < 0)
        {
            return raw;
        }
        var i = directives.FindLastIndex(d => d.Offset <= raw.Offset);
        if (i < 0)
        {
            return raw;
        }
        var directive = directives[i];
        var distance = raw.Line - Line(directive.Offset); // lines since the directive took effect
        var column = directive.Column == 0 ? 0 : distance == 0 ? directive.Column + (raw.Offset - directive.Offset) : raw.Column;
        return new Position(directive.Filename, raw.Offset, directive.Line + distance, column);
    }

    /// <summary>Records a //line directive taking effect at <paramref name="offset"/>.</summary>
    internal void AddLineDirective(int offset, string filename, int line, int column)
    {
        directives ??= [];
        if ((directives.Count == 0 || directives[^1].Offset < offset) && offset < Content.Length)
        {
            directives.Add((offset, filename, line, column));
        }
    }

    /// <summary>The position of <paramref name="offset"/> in this file, ignoring //line directives.</summary>
    public Position RawPosition(int offset)
    {
        if (offset < 0)
        {
            return new Position(Name, offset, 0, 0);
        }
        offset = Math.Min(offset, Content.Length);
        var line = Line(offset);
        return new Position(Name, offset, line, offset - LineStarts[line - 1] + 1);
    }

    /// <summary>The source text of the half-open byte range [start, end).</summary>
    public string Text(int start, int end) => Encoding.UTF8.GetString(Content, start, end - start);

    // Like token.File, a newline at the very end does not start a line: EOF stays on the last line.
    private static int[] ComputeLineStarts(byte[] content)
    {
        var span = content.AsSpan();
        var count = span.Count((byte)'\n');
        if (count > 0 && span[^1] == '\n')
        {
            count--;
        }
        var starts = new int[count + 1];
        var offset = 0;
        for (var n = 1; n <= count; n++)
        {
            offset += span[offset..].IndexOf((byte)'\n') + 1;
            starts[n] = offset;
        }
        return starts;
    }
}
