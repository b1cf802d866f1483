using Goroscope.Reports;
using Goroscope.Stacks;
using Spectre.Console;

namespace Goroscope.Tests.Reports;

/// <summary>The terminal table: fits the width, wraps only between words, leaves out empty columns, turns into blocks when narrow.</summary>
public class TextTableTests
{
    private static TextTable Buckets(int blocksBelow = 0)
    {
        var table = new TextTable(new("#", true), new("state"), new("blocking site"), new("created by"), new("min", true)) { BlocksBelow = blocksBelow };
        table.AddRow(Cell.Whole("1"), Cell.Text("chan receive (nil chan)"), Cell.Site(new Frame("main.leakNilRecv.func1", "/src/main.go", 209)),
            Cell.Site(new Frame("main.leakNilRecv", "/src/main.go", 208)), Cell.Empty);
        table.AddRow(Cell.Whole("2"), Cell.Text("select (no cases)"), Cell.Site(new Frame("main.leakSelectForever.func1", "/src/main.go", 218)),
            Cell.Empty, Cell.Empty);
        return table;
    }

    private static string[] Render(TextTable table, int width)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = width;
        table.Write(console);
        return output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
    }

    [Fact]
    public void A_wide_console_gets_one_line_per_row_at_natural_widths()
    {
        Assert.Equal(
            [
                "#  state                    blocking site                             created by",
                new string('─', 98),
                "1  chan receive (nil chan)  main.leakNilRecv.func1 main.go:209        main.leakNilRecv main.go:208",
                "2  select (no cases)        main.leakSelectForever.func1 main.go:218",
            ],
            Render(Buckets(), 200));
    }

    [Fact]
    public void A_column_no_row_fills_is_left_out() =>
        Assert.DoesNotContain("min", Render(Buckets(), 200)[0]);

    [Theory]
    [InlineData(70)]
    [InlineData(60)]
    public void A_narrow_console_wraps_between_words_never_inside_one(int width)
    {
        var lines = Render(Buckets(), width);
        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} > {width}: {l}"));
        var words = lines.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
        Assert.Contains("main.leakSelectForever.func1", words);
        Assert.Contains("main.go:218", words);
        Assert.Contains("main.leakNilRecv.func1", words);
    }

    [Fact]
    public void No_line_ends_in_a_space()
    {
        foreach (var width in (int[])[200, 70, 40])
            Assert.All(Render(Buckets(), width), l => Assert.False(l.EndsWith(' '), $"at {width}: '{l}'"));
    }

    [Fact]
    public void Below_its_block_width_a_table_is_one_block_per_row()
    {
        Assert.Equal(
            [
                "#              1",
                "state          chan receive (nil chan)",
                "blocking site  main.leakNilRecv.func1 main.go:209",
                "created by     main.leakNilRecv main.go:208",
                "",
                "#              2",
                "state          select (no cases)",
                "blocking site  main.leakSelectForever.func1 main.go:218",
            ],
            Render(Buckets(blocksBelow: 100), 99));
    }

    [Fact]
    public void A_table_that_cannot_fit_even_wrapped_becomes_blocks() =>
        Assert.Equal("#              1", Render(Buckets(), 40)[0]);
}
