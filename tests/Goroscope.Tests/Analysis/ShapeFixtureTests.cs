using Goroscope.Analysis;
using Goroscope.Tests.Stacks;

namespace Goroscope.Tests.Analysis;

/// <summary>
/// The smaller recorded programs, one traceback shape each (crash and SIGQUIT output, ancestors, deep stacks,
/// locked threads, labels, synctest bubbles, cgo, wait minutes): every goroutine EXPECTED.tsv lists for them is
/// found with its count, state and the header details of its shape.
/// </summary>
public class ShapeFixtureTests
{
    private static readonly Dictionary<string, string> FileOf = new()
    {
        ["crash"] = "crash.panic.txt",
        ["crash-sigquit"] = "crash.sigquit.txt",
    };

    public static TheoryData<string, string> Recordings()
    {
        var data = new TheoryData<string, string>();
        var programs = File.ReadAllLines(Path.Combine(Paths.TestData, "dumps", "EXPECTED.tsv")).Skip(1)
            .Select(l => l.Split('\t')[0]).Where(p => p != "leakzoo").Distinct();
        foreach (var program in programs)
            foreach (var version in new[] { "go1.19", "go1.23", "go1.27" })
                if (File.Exists(Paths.Dump(version, FileName(program))))
                    data.Add(program, version);
        return data;
    }

    private static string FileName(string program) => FileOf.GetValueOrDefault(program, $"{program}.debug2.txt");

    [Theory]
    [MemberData(nameof(Recordings))]
    public void Every_expected_goroutine_is_found_with_its_header_details(string program, string version)
    {
        var result = Analyzer.Analyze(Dumps.ReadFile(Paths.Dump(version, FileName(program))));
        foreach (var row in Expected.Rows(program))
        {
            var bucket = row.SingleBucket(version, result);
            Assert.Equal(row.Count, bucket.Count);
            var printed = row.Column($"wait_{version}").Split(", ");
            var reason = printed[0].Replace(" (durable)", "");
            if (reason == "semacquire")
                Assert.True(bucket.State.Inferred, bucket.State.Reason);
            else
                Assert.Equal(reason, bucket.State.Reason);
            if (printed.Contains("locked to thread"))
                Assert.Equal(row.Count, bucket.LockedToThread);
            if (program == "minutes" && row.Pattern != "self")
                Assert.True(bucket.MinMinutes >= 1, $"{row.Variant}: {bucket.MinMinutes} minutes");
            if (row.CatalogPattern(version, "debug2.txt") is { } pattern && pattern is not ("panic" or "cgo" or "testing"))
                Assert.Equal(pattern, bucket.Pattern.Id);
        }
    }

    [Theory]
    [InlineData("go1.23")]
    [InlineData("go1.27")]
    public void Deep_stacks_carry_the_elision_count(string version)
    {
        var deep = Dumps.ReadFile(Paths.Dump(version, "deep.debug2.txt")).Goroutines.Where(g => g.Stack.IsElided).ToList();
        Assert.Equal(2, deep.Count);
        Assert.All(deep, g => Assert.Equal(50, g.Stack.ElidedFrames));
        Assert.All(deep, g => Assert.Equal(100, g.Stack.Frames.Count));
    }

    [Fact]
    public void Synctest_goroutines_are_durable_and_in_their_bubble()
    {
        var bubble = Dumps.ReadFile(Paths.Dump("go1.27", "synctest.debug2.txt")).Goroutines.Where(g => g.SyncTestBubble != 0).ToList();
        Assert.NotEmpty(bubble);
        Assert.All(bubble, g => Assert.Equal(1, g.SyncTestBubble));
        Assert.Contains(bubble, g => g.Durable);
    }

    [Fact]
    public void Go_1_27_header_labels_and_debug1_labels_agree()
    {
        var traceback = Dumps.ReadFile(Paths.Dump("go1.27", "labels.debug2.txt")).Goroutines
            .Where(g => g.Labels.Count > 0).Select(g => string.Join(",", g.Labels.OrderBy(l => l.Key))).Order().ToList();
        var debug1 = Dumps.ReadFile(Paths.Dump("go1.27", "labels.debug1.txt")).Goroutines.Where(g => g.Labels.Count > 0)
            .SelectMany(g => Enumerable.Repeat(string.Join(",", g.Labels.OrderBy(l => l.Key)), (int)g.Count)).Order().ToList();
        Assert.Equal(5, traceback.Count);
        Assert.Equal(debug1, traceback);
        Assert.Contains(traceback, l => l.Contains("GET /api/users"));
    }

    [Fact]
    public void Ancestor_ids_are_read_from_a_real_dump()
    {
        var goroutines = Dumps.ReadFile(Paths.Dump("go1.27", "ancestors.debug2.txt")).Goroutines;
        Assert.Contains(goroutines, g => g.AncestorIds.Count >= 2);
        Assert.All(goroutines.Where(g => g.AncestorIds.Count > 0), g => Assert.Equal(g.ParentId, g.AncestorIds[0]));
    }

    [Theory]
    [InlineData("go1.19")]
    [InlineData("go1.23")]
    [InlineData("go1.27")]
    public void Sigquit_crash_output_reads_with_its_runtime_goroutines(string version)
    {
        var snapshot = Dumps.ReadFile(Paths.Dump(version, "crash.sigquit.txt"));
        Assert.Contains(snapshot.Goroutines, g => g.Stack.Frames.Any(f => f.Function == "runtime.gopark"));
        Assert.DoesNotContain(snapshot.Goroutines, g => g.Stack.Frames.Any(f => f.File.Contains(" fp=", StringComparison.Ordinal)));
    }
}
