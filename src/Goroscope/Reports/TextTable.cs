using System.Text;
using Goroscope.Stacks;
using Spectre.Console;

namespace Goroscope.Reports;

/// <summary>A word of a table cell: never broken across lines, optionally styled (Spectre markup style, e.g. `blue`).</summary>
public readonly record struct Word(string Text, string? Style = null);

/// <summary>One cell: words joined by single spaces, which a narrow column may wrap between but never inside.</summary>
public sealed record Cell(IReadOnlyList<Word> Words)
{
    public static Cell Empty { get; } = new([]);

    /// <summary>Text that may wrap at its spaces.</summary>
    public static Cell Text(string text, string? style = null) =>
        new(text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => new Word(w, style)).ToList());

    /// <summary>Text kept whole on one line, spaces and all (a duration range, a series).</summary>
    public static Cell Whole(string text, string? style = null) => text.Length == 0 ? Empty : new([new Word(text, style)]);

    /// <summary>A frame as `function file.go:line` (file in blue), the two never broken; empty for none.</summary>
    public static Cell Site(Frame? frame) => frame is null ? Empty
        : new([new Word(frame.Function), new Word($"{Path.GetFileName(frame.File)}:{frame.Line}", "blue")]);

    public Cell Then(string text, string? style = null) => new([.. Words, .. Text(text, style).Words]);

    public int Length => Words.Count == 0 ? 0 : Words.Sum(w => w.Text.Length) + Words.Count - 1;

    public int LongestWord => Words.Count == 0 ? 0 : Words.Max(w => w.Text.Length);
}

/// <summary>A column: its header, and whether numbers line up on the right.</summary>
public sealed record Column(string Header, bool RightAligned = false);

/// <summary>
/// A table for the terminal that fits the console's width: columns no row fills are left out; a table wider than
/// the width wraps its widest columns between words — never inside a function name or `file:line`; below
/// <see cref="BlocksBelow"/> columns, or when even that cannot fit, every row becomes a block of `header value`
/// lines. No line ends in spaces, and nothing is padded out to the width.
/// </summary>
public sealed class TextTable(params Column[] columns)
{
    /// <summary>Where the bucket tables switch to one block per bucket: narrower, their many columns wrap too much to read.</summary>
    public const int BucketBlockWidth = 100;

    /// <summary>Console widths below this write one block per row even when the table would fit; 0: only when it cannot.</summary>
    public int BlocksBelow { get; init; }

    private const string Gap = "  ";
    private readonly List<Cell[]> _rows = [];

    public void AddRow(params Cell[] cells)
    {
        if (cells.Length != columns.Length)
            throw new ArgumentException($"a row of {cells.Length} cells in a table of {columns.Length} columns");
        _rows.Add(cells);
    }

    public void Write(IAnsiConsole console)
    {
        var width = console.Profile.Width;
        var shown = Enumerable.Range(0, columns.Length).Where(c => _rows.Any(r => r[c].Words.Count > 0)).ToList();
        var widths = width < BlocksBelow ? null : Fit(shown, width);
        if (widths is null)
            WriteBlocks(console, shown, width);
        else
            WriteTable(console, shown, widths);
    }

    /// <summary>
    /// Column widths that fit: one character at a time, narrows the column where that costs the fewest extra
    /// lines (the widest among equals); null when even every column at its longest word does not fit.
    /// </summary>
    private int[]? Fit(List<int> shown, int width)
    {
        var widths = shown.Select(c => Math.Max(columns[c].Header.Length, _rows.Max(r => r[c].Length))).ToArray();
        var minimums = shown.Select(c => Math.Max(columns[c].Header.Length, _rows.Max(r => r[c].LongestWord))).ToArray();
        var lines = shown.Select(c => _rows.Sum(r => LineCount(r[c], Math.Max(columns[c].Header.Length, r[c].Length)))).ToArray();
        var total = widths.Sum() + Gap.Length * (shown.Count - 1);
        while (total > width)
        {
            var best = -1;
            var bestLines = 0;
            for (var i = 0; i < widths.Length; i++)
            {
                if (widths[i] <= minimums[i])
                    continue;
                var narrower = _rows.Sum(r => LineCount(r[shown[i]], widths[i] - 1));
                var cost = narrower - lines[i];
                if (best < 0 || cost < bestLines - lines[best] || (cost == bestLines - lines[best] && widths[i] > widths[best]))
                {
                    best = i;
                    bestLines = narrower;
                }
            }
            if (best < 0)
                return null;
            widths[best]--;
            lines[best] = bestLines;
            total--;
        }
        return widths;
    }

    private static int LineCount(Cell cell, int width)
    {
        var count = 0;
        var length = 0;
        foreach (var word in cell.Words)
        {
            if (length > 0 && length + 1 + word.Text.Length <= width)
            {
                length += 1 + word.Text.Length;
                continue;
            }
            count++;
            length = word.Text.Length;
        }
        return count;
    }

    private void WriteTable(IAnsiConsole console, List<int> shown, int[] widths)
    {
        var header = new StringBuilder();
        for (var i = 0; i < shown.Count; i++)
            header.Append(i > 0 ? Gap : "").Append(Pad(Markup.Escape(columns[shown[i]].Header), columns[shown[i]].Header.Length, widths[i], columns[shown[i]].RightAligned));
        console.Line($"[bold]{header.ToString().TrimEnd()}[/]");
        console.Line($"[dim]{new string('─', widths.Sum() + Gap.Length * (shown.Count - 1))}[/]");
        foreach (var row in _rows)
        {
            var lines = shown.Select((c, i) => Wrap(row[c], widths[i])).ToList();
            for (var l = 0; l < lines.Max(x => x.Count); l++)
            {
                var line = new StringBuilder();
                for (var i = 0; i < shown.Count; i++)
                {
                    var (markup, length) = l < lines[i].Count ? lines[i][l] : ("", 0);
                    line.Append(i > 0 ? Gap : "").Append(Pad(markup, length, widths[i], columns[shown[i]].RightAligned));
                }
                console.Line(line.ToString().TrimEnd());
            }
        }
    }

    /// <summary>One block per row, a `header  value` line per filled cell, values wrapped between words to the width.</summary>
    private void WriteBlocks(IAnsiConsole console, List<int> shown, int width)
    {
        var label = shown.Max(c => columns[c].Header.Length);
        var first = true;
        foreach (var row in _rows)
        {
            if (!first)
                console.WriteLine();
            first = false;
            foreach (var c in shown.Where(c => row[c].Words.Count > 0))
            {
                var lines = Wrap(row[c], Math.Max(width - label - Gap.Length, row[c].LongestWord));
                for (var l = 0; l < lines.Count; l++)
                {
                    var name = l == 0 ? columns[c].Header : "";
                    console.Line($"[dim]{Markup.Escape(name)}[/]{new string(' ', label - name.Length)}{Gap}{lines[l].Markup}".TrimEnd());
                }
            }
        }
    }

    /// <summary>A cell's words in lines of at most <paramref name="width"/> characters (a longer word gets a line of its own).</summary>
    private static List<(string Markup, int Length)> Wrap(Cell cell, int width)
    {
        var lines = new List<(string, int)>();
        var line = new StringBuilder();
        var length = 0;
        foreach (var word in cell.Words)
        {
            if (length > 0 && length + 1 + word.Text.Length > width)
            {
                lines.Add((line.ToString(), length));
                line.Clear();
                length = 0;
            }
            if (length > 0)
            {
                line.Append(' ');
                length++;
            }
            var text = Markup.Escape(word.Text);
            line.Append(word.Style is null ? text : $"[{word.Style}]{text}[/]");
            length += word.Text.Length;
        }
        if (length > 0)
            lines.Add((line.ToString(), length));
        return lines;
    }

    private static string Pad(string markup, int length, int width, bool right) =>
        right ? new string(' ', Math.Max(0, width - length)) + markup : markup + new string(' ', Math.Max(0, width - length));
}
