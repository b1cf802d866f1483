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
        console.MarkupLine($"[bold]{diff.Baseline.Goroutines:N0}[/] → [bold]{diff.Current.Goroutines:N0}[/] goroutines ([bold]{diff.Delta:+#,0;-#,0;0}[/]); "
            + $"{Count(ChangeKind.New)} new, {Count(ChangeKind.Grown)} grown, {Count(ChangeKind.Shrunk)} shrunk, {Count(ChangeKind.Gone)} gone; "
            + (leaks > 0 ? $"[bold red]{leaks} leak{(leaks == 1 ? "" : "s")}[/]" : "[green]no leaks[/]")
            + $" [dim](--fail-on {gate.FailOn.ToString().ToLowerInvariant()}, --min-growth {gate.MinGrowth}, --min-ratio {gate.MinRatio})[/]");
        console.MarkupLine($"[dim]baseline {Markup.Escape(baseline.Source)} ({ReportContext.FormatName(diff.Baseline.Snapshot)}), current {Markup.Escape(current.Source)} ({ReportContext.FormatName(diff.Current.Snapshot)})[/]");
        foreach (var warning in diff.Baseline.Warnings.Concat(baseline.Notes).Select(w => $"baseline: {w}")
                     .Concat(diff.Current.Warnings.Concat(current.Notes).Select(w => $"current: {w}")))
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");

        var ignored = diff.Changes.Where(c => c.IgnoredBy is not null && c.Kind is ChangeKind.New or ChangeKind.Grown).ToList();
        if (ignored.Count > 0 && !showUnchanged)
            console.MarkupLine($"[dim]{ignored.Count} new or grown stack(s) ignored by rules or presets (--all lists them)[/]");
        var shown = diff.Changes.Where(c => showUnchanged || (c.Kind != ChangeKind.Unchanged && c.IgnoredBy is null)).ToList();
        if (shown.Count == 0)
            return;
        var table = new Table().Border(TableBorder.Simple).Expand();
        table.AddColumn("change");
        table.AddColumn(new TableColumn("before").RightAligned());
        table.AddColumn(new TableColumn("after").RightAligned());
        table.AddColumn(new TableColumn("delta").RightAligned());
        table.AddColumn(new TableColumn("ratio").RightAligned());
        table.AddColumn("pattern");
        table.AddColumn("blocking site");
        foreach (var change in shown)
        {
            var leak = gate.IsLeak(change);
            var site = change.Bucket.BlockingSite.Frame;
            table.AddRow(
                new Markup(leak ? $"[bold red]{Kind(change)} LEAK[/]" : change.IgnoredBy is { } rule ? $"{Kind(change)} [dim](ignored: {Markup.Escape(rule.ToString())})[/]" : Kind(change)),
                new Markup($"{change.Baseline:N0}"),
                new Markup($"{change.Current:N0}"),
                new Markup($"{change.Delta:+#,0;-#,0;0}"),
                new Markup(double.IsInfinity(change.Ratio) ? "new" : $"×{change.Ratio:0.##}"),
                new Markup(Markup.Escape(change.Bucket.Pattern.Id)),
                TextReport.Site(site));
        }
        console.Write(table);
    }

    private static string Kind(BucketChange change) => change.Kind.ToString().ToLowerInvariant();
}
