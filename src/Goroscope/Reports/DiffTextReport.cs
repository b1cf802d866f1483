using Goroscope.Analysis.Diff;
using Spectre.Console;

namespace Goroscope.Reports;

/// <summary>`goroscope diff`: totals, then every stack whose count changed, biggest growth first; leaks marked.</summary>
public static class DiffTextReport
{
    public static void Write(IAnsiConsole console, DiffResult diff, LeakGate gate, ReportContext baseline, ReportContext current, bool showUnchanged)
    {
        var leaks = diff.Changes.Count(gate.IsLeak);
        int Count(ChangeKind kind) => diff.Changes.Count(c => c.Kind == kind);
        console.Line($"[bold]{diff.Baseline.Goroutines:N0}[/] → [bold]{diff.Current.Goroutines:N0}[/] goroutines ([bold]{diff.Delta:+#,0;-#,0;0}[/]); "
            + $"{Count(ChangeKind.New)} new, {Count(ChangeKind.Grown)} grown, {Count(ChangeKind.Shrunk)} shrunk, {Count(ChangeKind.Gone)} gone; "
            + (leaks > 0 ? $"[bold red]{leaks} leak{(leaks == 1 ? "" : "s")}[/]" : "[green]no leaks[/]")
            + $" [dim](--fail-on {gate.FailOn.ToString().ToLowerInvariant()}, --min-growth {gate.MinGrowth}, --min-ratio {gate.MinRatio})[/]");
        console.Line($"[dim]baseline {Markup.Escape(baseline.Source)} ({ReportContext.FormatName(diff.Baseline.Snapshot)}), current {Markup.Escape(current.Source)} ({ReportContext.FormatName(diff.Current.Snapshot)})[/]");
        foreach (var warning in diff.Baseline.Warnings.Concat(baseline.Notes).Select(w => $"baseline: {w}")
                     .Concat(diff.Current.Warnings.Concat(current.Notes).Select(w => $"current: {w}")))
            console.Line($"[yellow]warning:[/] {Markup.Escape(warning)}");

        var ignored = diff.Changes.Where(c => c.IgnoredBy is not null && c.Kind is ChangeKind.New or ChangeKind.Grown).ToList();
        if (ignored.Count > 0 && !showUnchanged)
            console.Line($"[dim]{ignored.Count} new or grown stack(s) ignored by rules or presets (--all lists them)[/]");
        var shown = diff.Changes.Where(c => showUnchanged || (c.Kind != ChangeKind.Unchanged && c.IgnoredBy is null)).ToList();
        if (shown.Count == 0)
            return;
        console.WriteLine();
        var table = new TextTable(new("change"), new("before", true), new("after", true), new("delta", true), new("ratio", true),
            new("pattern"), new("blocking site"))
        {
            BlocksBelow = TextTable.BucketBlockWidth,
        };
        foreach (var change in shown)
        {
            var leak = gate.IsLeak(change);
            var site = change.Bucket.BlockingSite.Frame;
            table.AddRow(
                leak ? Cell.Text($"{Kind(change)} LEAK", "bold red") : change.IgnoredBy is { } rule ? Cell.Whole(Kind(change)).Then($"(ignored: {rule})", "dim") : Cell.Whole(Kind(change)),
                Cell.Whole($"{change.Baseline:N0}"),
                Cell.Whole($"{change.Current:N0}"),
                Cell.Whole($"{change.Delta:+#,0;-#,0;0}"),
                Cell.Whole(double.IsInfinity(change.Ratio) ? "new" : $"×{change.Ratio:0.##}"),
                Cell.Whole(change.Bucket.Pattern.Id),
                Cell.Site(site));
        }
        table.Write(console);
    }

    private static string Kind(BucketChange change) => change.Kind.ToString().ToLowerInvariant();
}
