using Goroscope.Analysis;
using Goroscope.Analysis.Diff;
using Goroscope.Reports;
using Goroscope.Stacks;
using Goroscope.Stacks.Readers;

namespace Goroscope.Tests.Reports;

public class DiffGitHubReportTests
{
    /// <summary>The directory leakzoo was built in when its dumps were recorded, as the dumps print it.</summary>
    private const string RecordedRepoRoot = "/work/main";

    private static AnalysisResult Load(string name)
    {
        using var stream = File.OpenRead(Paths.Dump("go1.27", name));
        return Analyzer.Analyze(DumpReader.Read(stream)[^1]);
    }

    private static DiffResult Leakzoo() => SnapshotDiff.Compare(Load("leakzoo.scale1.debug2.txt"), Load("leakzoo.scale3.debug2.txt"));

    private static AnalysisResult Analyze(params Goroutine[] goroutines) =>
        Analyzer.Analyze(new Snapshot { Format = DumpFormat.Traceback, Goroutines = goroutines });

    /// <summary>A diff whose only change is one new stack blocked on a channel send in <paramref name="file"/>.</summary>
    private static DiffResult NewStackIn(string function, string file, int line = 7) => SnapshotDiff.Compare(Analyze(), Analyze(
        new Goroutine
        {
            Id = 2,
            State = WaitState.FromPrinted("chan send"),
            Stack = new Stack([new Frame("runtime.gopark", "/go/src/runtime/proc.go", 1), new Frame("runtime.chansend1", "/go/src/runtime/chan.go", 2), new Frame(function, file, line)]),
        }));

    private static List<string> Render(DiffResult diff, LeakGate gate, string? root = null)
    {
        var output = new StringWriter();
        DiffGitHubReport.Write(output, diff, gate, root);
        return [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>What follows the `::` that ends the properties (escaped, they hold no other colon).</summary>
    private static string Message(string line) => line[(line.IndexOf("::", 2, StringComparison.Ordinal) + 2)..];

    [Fact]
    public void Writes_one_error_per_leak()
    {
        var diff = Leakzoo();
        var gate = new LeakGate();

        var errors = Render(diff, gate).Count(l => l.StartsWith("::error ", StringComparison.Ordinal));

        Assert.Equal(diff.Changes.Count(gate.IsLeak), errors);
        Assert.True(errors > 0);
    }

    [Fact]
    public void Growth_below_the_thresholds_is_a_warning()
    {
        var diff = Leakzoo();
        var gate = new LeakGate(MinRatio: 4);

        var lines = Render(diff, gate);

        Assert.DoesNotContain(lines, l => l.StartsWith("::error", StringComparison.Ordinal));
        Assert.Equal(diff.Changes.Count(c => c.Kind is ChangeKind.New or ChangeKind.Grown), lines.Count(l => l.StartsWith("::warning ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Ends_with_a_notice_that_counts_the_leaks()
    {
        var diff = Leakzoo();
        var gate = new LeakGate();

        var last = Render(diff, gate)[^1];

        Assert.StartsWith("::notice::", last);
        Assert.Contains($"; {diff.Changes.Count(gate.IsLeak)} leaks", last);
    }

    [Fact]
    public void Title_names_the_pattern_and_the_growth()
    {
        var diff = Leakzoo();
        var biggest = diff.Changes[0];

        var first = Render(diff, new LeakGate())[0];

        Assert.Contains($"title=goroutine leak%3A {biggest.Bucket.Pattern.Id} +{biggest.Delta} ({biggest.Baseline} → {biggest.Current})::", first);
    }

    [Fact]
    public void Annotates_the_blocking_site_relative_to_the_repository_root()
    {
        var diff = Leakzoo();
        var site = diff.Changes[0].Bucket.BlockingSite.Frame!;

        var first = Render(diff, new LeakGate(), RecordedRepoRoot + "/")[0];

        Assert.StartsWith($"::error file=testdata/programs/leakzoo/main.go,line={site.Line},title=", first);
    }

    [Fact]
    public void Message_frames_are_relative_to_the_repository_root()
    {
        var first = Render(Leakzoo(), new LeakGate(), RecordedRepoRoot)[0];

        Assert.Contains(" testdata/programs/leakzoo/main.go:", Message(first));
        Assert.DoesNotContain(RecordedRepoRoot, first);
    }

    [Fact]
    public void Keeps_the_recorded_path_outside_the_repository_root()
    {
        var first = Render(Leakzoo(), new LeakGate(), "/work/mainline")[0];

        Assert.StartsWith("::error file=/work/main/testdata/programs/leakzoo/main.go,", first);
    }

    [Fact]
    public void Keeps_the_recorded_path_without_a_repository_root()
    {
        var first = Render(Leakzoo(), new LeakGate())[0];

        Assert.StartsWith("::error file=/work/main/testdata/programs/leakzoo/main.go,", first);
    }

    [Fact]
    public void Message_holds_why_fix_and_frames_on_escaped_lines()
    {
        var diff = NewStackIn("main.send", "/app/main.go");

        var message = Message(Render(diff, new LeakGate())[0]);

        Assert.DoesNotContain('\n', message);
        Assert.Equal([LeakPatterns.ChanSend.Why, $"fix: {LeakPatterns.ChanSend.Fix}", "main.send /app/main.go:7"], message.Split("%0A"));
    }

    [Fact]
    public void Message_lists_the_stack_from_the_blocking_site_outward()
    {
        var diff = Leakzoo();
        var gate = new LeakGate();
        var leaks = diff.Changes.Where(gate.IsLeak).ToList();
        var index = leaks.FindIndex(c => c.Bucket.SignificantFrames[0] != c.Bucket.BlockingSite.Frame);
        var site = leaks[index].Bucket.BlockingSite.Frame!;

        var message = Message(Render(diff, gate, RecordedRepoRoot)[index]);

        Assert.Equal($"{site.Function} testdata/programs/leakzoo/main.go:{site.Line}", message.Split("%0A")[2]);
    }

    [Fact]
    public void Escapes_percent_comma_and_colon_in_the_file_property()
    {
        var line = Render(NewStackIn("main.send", "C:/build/100%,done/main.go"), new LeakGate())[0];

        Assert.StartsWith("::error file=C%3A/build/100%25%2Cdone/main.go,line=7,title=", line);
    }

    [Fact]
    public void Escapes_percent_in_a_function_name_in_the_message()
    {
        var message = Message(Render(NewStackIn("main.send[100%]", "/app/main.go"), new LeakGate())[0]);

        Assert.Contains("main.send[100%25] /app/main.go:7", message);
    }

    [Fact]
    public void Leaves_out_file_and_line_when_the_site_has_no_file()
    {
        var line = Render(NewStackIn("main.send", ""), new LeakGate())[0];

        Assert.StartsWith("::error title=goroutine leak%3A chan-send +1 (0 → 1)::", line);
    }
}
