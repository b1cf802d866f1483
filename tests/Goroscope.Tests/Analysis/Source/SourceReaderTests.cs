using Goroscope.Analysis.Source;
using Goroscope.Stacks;

namespace Goroscope.Tests.Analysis.Source;

/// <summary>What the blocking statement says, read from a Go file with the project's parser; one behaviour per test.</summary>
public sealed class SourceReaderTests : IDisposable
{
    private readonly string _checkout = Directory.CreateTempSubdirectory("goroscope-source-").FullName;

    public void Dispose() => Directory.Delete(_checkout, recursive: true);

    /// <summary>Writes main.go and reads the statement at the line holding <paramref name="marker"/> in <paramref name="function"/>.</summary>
    private SourceReading? Read(string body, string marker, string function = "main.worker")
    {
        var source = "package main\n\nimport (\n\t\"context\"\n\t\"time\"\n)\n\n" + body;
        File.WriteAllText(Path.Combine(_checkout, "main.go"), source);
        var line = Array.FindIndex(source.Split('\n'), l => l.Contains(marker, StringComparison.Ordinal)) + 1;
        var reader = new SourceReader(new SourceLocator([_checkout], []));
        return reader.Read(new Frame(function, "/build/app/main.go", line));
    }

    [Fact]
    public void A_select_with_a_ticker_case_wakes_on_the_ticker()
    {
        var reading = Read("func worker(ctx context.Context) {\n\tt := time.NewTicker(time.Second)\n\tfor {\n\t\tselect { // here\n\t\tcase <-ctx.Done():\n\t\t\treturn\n\t\tcase <-t.C:\n\t\t}\n\t}\n}\n", "// here");
        Assert.NotNull(reading);
        Assert.Equal(BlockingStatementKind.Select, reading.Kind);
        Assert.Equal([WakeKind.Context, WakeKind.Ticker], reading.Wakes.Select(w => w.Kind));
        Assert.Equal("<-t.C", reading.Wakes[1].Text);
        Assert.Equal(reading.Line + 3, reading.Wakes[1].Line);
    }

    [Fact]
    public void Time_after_in_a_select_is_a_timer()
    {
        var reading = Read("func worker(ch chan int) {\n\tselect { // here\n\tcase <-ch:\n\tcase <-time.After(time.Minute):\n\t}\n}\n", "// here");
        Assert.Equal([WakeKind.Timer], reading!.Wakes.Select(w => w.Kind));
    }

    [Fact]
    public void A_select_on_channels_alone_has_no_wake_case()
    {
        var reading = Read("func worker(a, b chan int) {\n\tselect { // here\n\tcase <-a:\n\tcase b <- 1:\n\t}\n}\n", "// here");
        Assert.Equal(BlockingStatementKind.Select, reading!.Kind);
        Assert.Empty(reading.Wakes);
    }

    [Fact]
    public void An_empty_select_blocks_forever()
    {
        Assert.Equal(BlockingStatementKind.SelectForever, Read("func worker() {\n\tselect {} // here\n}\n", "// here")!.Kind);
    }

    [Fact]
    public void A_send_on_a_local_channel_shows_its_buffer()
    {
        var reading = Read("func worker() {\n\tch := make(chan int, 3)\n\tch <- 1 // here\n}\n", "// here");
        Assert.Equal(BlockingStatementKind.Send, reading!.Kind);
        Assert.Equal(3, reading.Buffer);
        Assert.False(reading.NilChannel);
    }

    [Fact]
    public void A_receive_is_told_from_a_range_over_a_channel()
    {
        Assert.Equal(BlockingStatementKind.Receive, Read("func worker(ch chan int) {\n\t<-ch // here\n}\n", "// here")!.Kind);
        Assert.Equal(BlockingStatementKind.RangeReceive, Read("func worker(ch chan int) {\n\tfor range ch { // here\n\t}\n}\n", "// here")!.Kind);
    }

    [Fact]
    public void A_channel_declared_and_never_made_is_nil()
    {
        var reading = Read("func worker() {\n\tvar ch chan int\n\tgo func() {\n\t\tch <- 1 // here\n\t}()\n}\n", "// here", "main.worker.func1");
        Assert.True(reading!.NilChannel);
    }

    [Fact]
    public void A_channel_assigned_after_its_declaration_is_not_known_nil()
    {
        var reading = Read("func worker() {\n\tvar ch chan int\n\tch = make(chan int)\n\tch <- 1 // here\n}\n", "// here");
        Assert.False(reading!.NilChannel);
    }

    [Fact]
    public void A_file_whose_function_at_the_line_is_another_is_not_read()
    {
        Assert.Null(Read("func other(ch chan int) {\n\t<-ch // here\n}\n", "// here", "main.worker"));
    }

    [Fact]
    public void The_excerpt_is_the_blocking_line_and_two_either_side()
    {
        var reading = Read("func worker(ch chan int) {\n\ta := 1\n\t_ = a\n\t<-ch // here\n\tb := 2\n\t_ = b\n}\n", "// here");
        Assert.Equal(Enumerable.Range(reading!.Line - 2, 5), reading.Excerpt.Select(l => l.Number));
        Assert.Equal("\t<-ch // here", reading.Excerpt[2].Text);
    }
}
