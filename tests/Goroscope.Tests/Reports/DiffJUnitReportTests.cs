using System.Xml.Linq;
using Goroscope.Analysis;
using Goroscope.Analysis.Diff;
using Goroscope.Reports;
using Goroscope.Stacks;
using Goroscope.Stacks.Readers;

namespace Goroscope.Tests.Reports;

public class DiffJUnitReportTests
{
    private static readonly ReportContext BaselineContext = new("leakzoo.scale1.debug2.txt", []);
    private static readonly ReportContext CurrentContext = new("leakzoo.scale3.debug2.txt", []);

    private static AnalysisResult Load(string name)
    {
        using var stream = File.OpenRead(Paths.Dump("go1.27", name));
        return Analyzer.Analyze(DumpReader.Read(stream)[^1]);
    }

    private static DiffResult Leakzoo() => SnapshotDiff.Compare(Load("leakzoo.scale1.debug2.txt"), Load("leakzoo.scale3.debug2.txt"));

    private static AnalysisResult Analyze(params Goroutine[] goroutines) =>
        Analyzer.Analyze(new Snapshot { Format = DumpFormat.Traceback, Goroutines = goroutines });

    private static Goroutine BlockedSending(int id, string function, string file, int line) => new()
    {
        Id = id,
        State = WaitState.FromPrinted("chan send"),
        Stack = new Stack([new Frame("runtime.chansend1", "/go/src/runtime/chan.go", 2), new Frame(function, file, line), new Frame("main.main", "/app/main.go", id)]),
    };

    private static XDocument Render(DiffResult diff, LeakGate gate, ReportContext? baseline = null, ReportContext? current = null)
    {
        using var output = new MemoryStream();
        DiffJUnitReport.Write(output, diff, gate, baseline ?? BaselineContext, current ?? CurrentContext);
        output.Position = 0;
        return XDocument.Load(output);
    }

    private static List<XElement> TestCases(XDocument junit) => [.. junit.Descendants("testcase")];

    [Fact]
    public void Is_a_testsuites_document_with_one_suite()
    {
        var junit = Render(Leakzoo(), new LeakGate());

        Assert.Equal("testsuites", junit.Root!.Name.LocalName);
        Assert.Equal(DiffJUnitReport.SuiteName, Assert.Single(junit.Root.Elements("testsuite")).Attribute("name")!.Value);
    }

    [Fact]
    public void Fails_one_test_case_per_leak()
    {
        var diff = Leakzoo();
        var gate = new LeakGate();
        var leaks = diff.Changes.Count(gate.IsLeak);

        var junit = Render(diff, gate);

        Assert.True(leaks > 0);
        Assert.Equal(leaks, junit.Descendants("failure").Count());
        Assert.Equal(leaks.ToString(), junit.Root!.Element("testsuite")!.Attribute("failures")!.Value);
        Assert.Equal(leaks.ToString(), junit.Root.Attribute("failures")!.Value);
    }

    [Fact]
    public void Every_stack_of_the_current_snapshot_is_a_test_case()
    {
        var diff = Leakzoo();

        var junit = Render(diff, new LeakGate());

        var stacks = diff.Changes.Count(c => c.Kind != ChangeKind.Gone);
        Assert.Equal(stacks, TestCases(junit).Count);
        Assert.Equal(stacks.ToString(), junit.Root!.Element("testsuite")!.Attribute("tests")!.Value);
    }

    [Fact]
    public void Stacks_gone_from_the_current_snapshot_are_not_test_cases()
    {
        var diff = SnapshotDiff.Compare(Load("leakzoo.scale3.debug2.txt"), Analyze());

        var junit = Render(diff, new LeakGate());

        Assert.Empty(TestCases(junit));
    }

    [Fact]
    public void Test_case_names_are_unique()
    {
        var junit = Render(Leakzoo(), new LeakGate());

        var names = TestCases(junit).Select(t => (t.Attribute("classname")!.Value, t.Attribute("name")!.Value)).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void Test_case_is_named_for_the_blocking_site_and_pattern()
    {
        var diff = Leakzoo();
        var site = diff.Changes[0].Bucket.BlockingSite.Frame!;

        var first = TestCases(Render(diff, new LeakGate()))[0];

        Assert.Equal(site.Package, first.Attribute("classname")!.Value);
        Assert.Equal($"{site.Function} (main.go:{site.Line}) {diff.Changes[0].Bucket.Pattern.Id}", first.Attribute("name")!.Value);
    }

    [Fact]
    public void Stacks_sharing_a_blocking_site_are_told_apart_by_their_id()
    {
        var diff = SnapshotDiff.Compare(Analyze(), Analyze(BlockedSending(2, "main.send", "/app/main.go", 7), BlockedSending(3, "main.send", "/app/main.go", 7)));

        var names = TestCases(Render(diff, new LeakGate())).Select(t => t.Attribute("name")!.Value).ToList();

        Assert.Equal(diff.Changes.Select(c => $"main.send (main.go:7) chan-send [{c.Id}]"), names);
    }

    [Fact]
    public void Failure_carries_the_growth_and_the_leak_type()
    {
        var diff = Leakzoo();
        var biggest = diff.Changes[0];

        var failure = TestCases(Render(diff, new LeakGate()))[0].Element("failure")!;

        Assert.Equal(DiffJUnitReport.FailureType, failure.Attribute("type")!.Value);
        Assert.Equal($"goroutine leak: {biggest.Bucket.Pattern.Id} +{biggest.Delta} ({biggest.Baseline} → {biggest.Current})", failure.Attribute("message")!.Value);
        Assert.Contains(biggest.Bucket.Pattern.Fix, failure.Value);
    }

    [Fact]
    public void System_out_names_both_sources()
    {
        var junit = Render(Leakzoo(), new LeakGate());

        var systemOut = junit.Root!.Element("testsuite")!.Element("system-out")!.Value;
        Assert.Contains("baseline: leakzoo.scale1.debug2.txt (traceback)", systemOut);
        Assert.Contains("current: leakzoo.scale3.debug2.txt (traceback)", systemOut);
    }

    [Fact]
    public void Escapes_xml_hostile_characters()
    {
        var diff = SnapshotDiff.Compare(Analyze(), Analyze(BlockedSending(2, "main.Run[go.shape.<T>&U]", "<autogenerated>", 1)));

        using var output = new MemoryStream();
        DiffJUnitReport.Write(output, diff, new LeakGate(), new ReportContext("a&b<c>.txt", []), CurrentContext);
        var xml = System.Text.Encoding.UTF8.GetString(output.ToArray());
        output.Position = 0;
        var junit = XDocument.Load(output);

        Assert.DoesNotContain("<autogenerated>", xml);
        Assert.Contains("&lt;autogenerated&gt;", xml);
        Assert.Equal("main.Run[go.shape.<T>&U] (<autogenerated>:1) chan-send", Assert.Single(TestCases(junit)).Attribute("name")!.Value);
        Assert.Contains("baseline: a&b<c>.txt", junit.Descendants("system-out").Single().Value);
    }

    [Fact]
    public void Replaces_characters_xml_cannot_hold()
    {
        var diff = SnapshotDiff.Compare(Analyze(), Analyze(BlockedSending(2, "main.send\u0001", "/app/main.go", 7)));

        var junit = Render(diff, new LeakGate(), new ReportContext("dump\u001b.txt", []));

        Assert.Equal("main.send\uFFFD (main.go:7) chan-send", Assert.Single(TestCases(junit)).Attribute("name")!.Value);
        Assert.Contains("baseline: dump\uFFFD.txt", junit.Descendants("system-out").Single().Value);
    }
}
