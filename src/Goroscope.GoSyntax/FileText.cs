using System.Text;

namespace Goroscope.GoSyntax;

/// <summary>A position resolved to a line and column, both counted from 1 (columns in bytes, like go/token).</summary>
public readonly record struct Position(string Filename, int Offset, int Line, int Column)
{
    public bool IsValid => Line > 0;

    public override string ToString() =>
        !IsValid ? Filename : string.IsNullOrEmpty(Filename) ? $"{Line}:{Column}" : $"{Filename}:{Line}:{Column}";
}

/// <summary>
/// The bytes of one Go source file and its line table. Node positions are byte offsets into
/// <see cref="Content"/> (<see cref="NoPos"/> when absent); lines and columns are computed on demand.
/// </summary>
public sealed class FileText
{
    public const int NoPos = -1;

    private int[]? lineStarts;

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

    public Position Position(int offset)
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

    private static int[] ComputeLineStarts(byte[] content)
    {
        var span = content.AsSpan();
        var count = span.Count((byte)'\n');
        var starts = new int[count + 1];
        var n = 1;
        var offset = 0;
        while (true)
        {
            var i = span[offset..].IndexOf((byte)'\n');
            if (i < 0)
            {
                break;
            }
            offset += i + 1;
            starts[n++] = offset;
        }
        return starts;
    }
}
