using System.Text;
using System.Xml;
using System.Xml.Linq;
using Goroscope.Analysis.Diff;
using Goroscope.Stacks;

namespace Goroscope.Reports;

/// <summary>
/// `goroscope diff --format junit`: JUnit XML (the Ant/Surefire schema) for CI test views. Every stack in the
/// current snapshot is a test case and the leaks fail, so each leaking stack shows as a failed test whose name
/// stays the same from run to run.
/// </summary>
public static class DiffJUnitReport
{
    public const string SuiteName = "goroscope diff";

    public const string FailureType = "goroutine-leak";

    public static void Write(Stream output, DiffResult diff, LeakGate gate, ReportContext baseline, ReportContext current)
    {
        // Gone stacks have no goroutine left to test; everything else is still in the current snapshot.
        var cases = diff.Changes.Where(c => c.Kind != ChangeKind.Gone).ToList();
        var names = TestNames(cases);
        var leaks = cases.Count(gate.IsLeak);

        var suite = new XElement("testsuite",
            new XAttribute("name", SuiteName),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", leaks),
            new XAttribute("errors", 0),
            new XAttribute("skipped", 0),
            new XAttribute("time", 0),
            new XElement("properties",
                Property("baseline", baseline.Source),
                Property("baseline.format", ReportContext.FormatName(diff.Baseline.Snapshot)),
                Property("current", current.Source),
                Property("current.format", ReportContext.FormatName(diff.Current.Snapshot)),
                Property("fail-on", gate.FailOn.ToString().ToLowerInvariant()),
                Property("min-growth", gate.MinGrowth.ToString()),
                Property("min-ratio", gate.MinRatio.ToString())),
            cases.Select((change, i) => TestCase(change, names[i], gate.IsLeak(change))),
            new XElement("system-out", XmlSafe(SystemOut(diff, gate, baseline, current))));

        var document = new XDocument(new XElement("testsuites",
            new XAttribute("name", SuiteName),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", leaks),
            new XAttribute("errors", 0),
            new XAttribute("time", 0),
            suite));
        using var writer = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) });
        document.Save(writer);
    }

    private static XElement Property(string name, string value) =>
        new("property", new XAttribute("name", name), new XAttribute("value", XmlSafe(value)));

    private static XElement TestCase(BucketChange change, string name, bool leak)
    {
        var site = change.Bucket.BlockingSite.Frame;
        var package = site?.Package;
        var testCase = new XElement("testcase",
            new XAttribute("classname", XmlSafe(string.IsNullOrEmpty(package) ? "(unknown package)" : package)),
            new XAttribute("name", XmlSafe(name)),
            new XAttribute("time", 0));
        if (leak)
            testCase.Add(new XElement("failure",
                new XAttribute("message", XmlSafe($"goroutine leak: {change.Bucket.Pattern.Id} +{change.Delta} ({change.Baseline} → {change.Current})")),
                new XAttribute("type", FailureType),
                XmlSafe(FailureDetails(change))));
        return testCase;
    }

    /// <summary>
    /// `function (file:line) pattern` at the blocking site, with the file's name only, as the match key has it:
    /// builds in other directories keep their test names. Stacks that share a name are told apart by their id.
    /// </summary>
    private static List<string> TestNames(List<BucketChange> cases)
    {
        var names = cases.Select(c =>
        {
            var site = c.Bucket.BlockingSite.Frame;
            var where = site is null ? "(no frames)" : site.File.Length == 0 ? site.Function : $"{site.Function} ({Path.GetFileName(site.File)}:{site.Line})";
            return $"{where} {c.Bucket.Pattern.Id}";
        }).ToList();
        var shared = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return [.. names.Select((n, i) => shared.Contains(n) ? $"{n} [{cases[i].Id}]" : n)];
    }

    private static string FailureDetails(BucketChange change)
    {
        var bucket = change.Bucket;
        var text = new StringBuilder();
        text.AppendLine(change.Kind == ChangeKind.New
            ? $"new stack: {change.Current} goroutines"
            : $"grown {change.Baseline} → {change.Current} (+{change.Delta}, ×{change.Ratio:0.##})");
        text.AppendLine($"state: {bucket.State.Reason}");
        text.AppendLine($"{bucket.Pattern.Id}: {bucket.Pattern.Why}");
        text.AppendLine($"fix: {bucket.Pattern.Fix}");
        if (bucket.CreatedBy is { } creator)
            text.AppendLine($"created by {FrameText(creator)}");
        text.AppendLine("stack:");
        foreach (var frame in bucket.SignificantFrames)
            text.AppendLine($"  {FrameText(frame)}");
        return text.ToString();
    }

    private static string SystemOut(DiffResult diff, LeakGate gate, ReportContext baseline, ReportContext current)
    {
        var leaks = diff.Changes.Count(gate.IsLeak);
        int Count(ChangeKind kind) => diff.Changes.Count(c => c.Kind == kind);
        var text = new StringBuilder();
        text.AppendLine($"baseline: {baseline.Source} ({ReportContext.FormatName(diff.Baseline.Snapshot)}), {diff.Baseline.Goroutines} goroutines");
        text.AppendLine($"current: {current.Source} ({ReportContext.FormatName(diff.Current.Snapshot)}), {diff.Current.Goroutines} goroutines");
        text.AppendLine($"{diff.Baseline.Goroutines} → {diff.Current.Goroutines} goroutines ({diff.Delta:+#;-#;0}); "
            + $"{Count(ChangeKind.New)} new, {Count(ChangeKind.Grown)} grown, {Count(ChangeKind.Shrunk)} shrunk, {Count(ChangeKind.Gone)} gone; "
            + $"{leaks} leak{(leaks == 1 ? "" : "s")} (--fail-on {gate.FailOn.ToString().ToLowerInvariant()}, --min-growth {gate.MinGrowth}, --min-ratio {gate.MinRatio})");
        foreach (var warning in diff.Baseline.Warnings.Concat(baseline.Notes).Select(w => $"baseline: {w}")
                     .Concat(diff.Current.Warnings.Concat(current.Notes).Select(w => $"current: {w}")))
            text.AppendLine($"warning: {warning}");
        return text.ToString();
    }

    private static string FrameText(Frame frame) => frame.File.Length == 0 ? frame.Function : $"{frame.Function} {frame.File}:{frame.Line}";

    /// <summary>
    /// Dumps are read leniently and may carry control characters XML 1.0 cannot hold even escaped; the writer
    /// would throw on them, so they become U+FFFD. Escaping `&lt;` and `&amp;` is the writer's job.
    /// </summary>
    private static string XmlSafe(string text)
    {
        var safe = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
                safe.Append(text, i++, 2);
            else
                safe.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
        }
        return safe.ToString();
    }
}
