using Goroscope.Traces.Analysis;
using Goroscope.Traces.Timelines;
using Spectre.Console;

namespace Goroscope.Reports;

/// <summary>
/// `goroscope trace --format text`: a summary line, the goroutines still blocked when the trace ended (leak
/// suspects first), creation-to-first-run and scheduler latency, and where each group of goroutines spent its time.
/// </summary>
public static class TraceTextReport
{
    public static void Write(IAnsiConsole console, TraceAnalysis analysis, string source, int top = 15)
    {
        var t = analysis.Timeline;
        var blocked = analysis.Blocked;
        console.MarkupLine($"[bold]{TraceDurations.Format(t.Duration)}[/] of trace, [bold]{t.Events:N0}[/] events, [bold]{t.GoroutinesSeen:N0}[/] goroutines "
            + $"({t.GoroutinesCreated:N0} created, {t.GoroutinesEnded:N0} ended, {t.Alive.Count:N0} alive at the end); "
            + (blocked.Suspects > 0 ? $"[bold red]{blocked.Suspects} leak suspect{(blocked.Suspects == 1 ? "" : "s")}[/]" : "[green]no leak suspects[/]")
            + $"  [dim]({Markup.Escape(source)}, Go 1.{t.Version} trace format{(t.Wall is { } wall ? $", taken {wall:u}" : "")})[/]");

        console.WriteLine();
        console.MarkupLine("[bold]Blocked when the trace ended[/] [dim](most suspect first)[/]");
        if (analysis.Buckets.Count == 0)
            console.MarkupLine("  [green]none[/]");
        else
            console.Write(BlockedTable(analysis, top));

        console.WriteLine();
        console.MarkupLine("[bold]Latency[/]");
        console.Write(LatencyTable(t, top));

        console.WriteLine();
        console.MarkupLine("[bold]Time by goroutine group[/] [dim](entry function; GC overlaps the rest)[/]");
        console.Write(TimeTable(t, top));

        foreach (var life in t.Alive.Concat(t.EndedLives).Where(l => l.History is not null).OrderBy(l => l.Id))
            WriteHistory(console, t, life);
    }

    /// <summary>A followed goroutine's life, change by change, times from the trace's start.</summary>
    private static void WriteHistory(IAnsiConsole console, Timeline t, GoroutineLife life)
    {
        console.WriteLine();
        var creation = t.Stacks[life.CreationStack].Frames;
        console.MarkupLine($"[bold]goroutine {life.Id}[/] {Markup.Escape(life.Name)}"
            + (life.ExistedAtStart ? " [dim](existed when the trace started)[/]"
                : $", created by goroutine {life.CreatorId}" + (creation.Count > 0 ? $" at {Markup.Escape(creation[0].Function)} [blue]{Markup.Escape(Path.GetFileName(creation[0].File))}:{creation[0].Line}[/]" : "")));
        foreach (var change in life.History!)
        {
            var frames = t.Stacks[change.Stack].Frames;
            var where = frames.Count == 0 ? "" : $"  [dim]at[/] {Markup.Escape(frames[0].Function)} [blue]{Markup.Escape(Path.GetFileName(frames[0].File))}:{frames[0].Line}[/]";
            var reason = change.Reason.Length > 0 ? $" ({Markup.Escape(change.Reason)})" : "";
            console.MarkupLine($"  {TraceDurations.Format(change.Time - t.Start),9}  {change.From} → [bold]{change.To}[/]{reason}{where}");
        }
        console.MarkupLine(life.Ended
            ? $"  [dim]ended after {TraceDurations.Format(life.EndedAt - life.CreatedAt)}[/]"
            : $"  [dim]still {life.State.ToString().ToLowerInvariant()} at the end, for {TraceDurations.Format(life.InStateFor(t.End))}[/]");
    }

    private static Table BlockedTable(TraceAnalysis analysis, int top)
    {
        var table = new Table().Border(TableBorder.Simple).Expand();
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn(new TableColumn("score").RightAligned());
        table.AddColumn(new TableColumn("count").RightAligned());
        table.AddColumn("state");
        table.AddColumn("pattern");
        table.AddColumn(new TableColumn("blocked for").RightAligned());
        table.AddColumn("blocking site");
        table.AddColumn("created at");
        var rank = 0;
        foreach (var suspect in analysis.Buckets.Take(top <= 0 ? int.MaxValue : top))
        {
            var b = suspect.Bucket;
            var style = b.IsSuspect ? "red" : b.Pattern.IsStuck ? "default" : "dim";
            table.AddRow(
                new Markup($"{++rank}"),
                new Markup($"[{style}]{b.Score:0.0}[/]"),
                new Markup($"{b.Count:N0}"),
                new Markup(Markup.Escape(b.State.Reason)),
                new Markup($"[{style}]{Markup.Escape(b.Pattern.Id)}[/]" + (b.Background is null ? "" : " [dim](bg)[/]")),
                new Markup(Blocked(suspect)),
                TextReport.Site(b.BlockingSite.Frame),
                TextReport.Site(b.CreatedBy));
        }
        if (analysis.Buckets.Count > rank)
            table.Caption($"[dim]… {analysis.Buckets.Count - rank} more bucket(s) (--top 0 shows all)[/]");
        return table;
    }

    private static string Blocked(TraceSuspect s)
    {
        var prefix = s.BlockedAtLeastSinceStart ? "≥ " : "";
        return s.MinBlocked == s.MaxBlocked || TraceDurations.Format(s.MinBlocked) == TraceDurations.Format(s.MaxBlocked)
            ? prefix + TraceDurations.Format(s.MaxBlocked)
            : $"{prefix}{TraceDurations.Format(s.MinBlocked)}–{TraceDurations.Format(s.MaxBlocked)}";
    }

    private static Table LatencyTable(Timeline t, int top)
    {
        var table = new Table().Border(TableBorder.Simple).Expand();
        table.AddColumn("what");
        table.AddColumn(new TableColumn("count").RightAligned());
        foreach (var p in (string[])["P50", "P90", "P99", "max"])
            table.AddColumn(new TableColumn(p).RightAligned());
        void Row(string what, LatencyHistogram h, bool dim = false) => table.AddRow(
            new Markup(dim ? $"[dim]{what}[/]" : what),
            new Markup($"{h.Count:N0}"),
            new Markup(TraceDurations.Format(h.Percentile(50))),
            new Markup(TraceDurations.Format(h.Percentile(90))),
            new Markup(TraceDurations.Format(h.Percentile(99))),
            new Markup(TraceDurations.Format(h.Max)));
        Row("create → first run", t.CreateToRun);
        foreach (var site in t.CreationSites.Where(s => s.Site is not null && s.CreateToRun.Count > 0).OrderByDescending(s => s.CreateToRun.Percentile(99)).Take(top <= 0 ? int.MaxValue : Math.Min(top, 10)))
            Row($"  at {Markup.Escape(site.Site!.Function)} [blue]{Markup.Escape(Path.GetFileName(site.Site.File))}:{site.Site.Line}[/]", site.CreateToRun, dim: false);
        Row("runnable → running", t.SchedulerLatency);
        return table;
    }

    private static Table TimeTable(Timeline t, int top)
    {
        var table = new Table().Border(TableBorder.Simple).Expand();
        table.AddColumn("group");
        table.AddColumn(new TableColumn("goroutines").RightAligned());
        foreach (var column in (string[])["execution", "sched wait", "sync block", "network", "syscall", "other block", "GC"])
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var g in t.Groups.Take(top <= 0 ? int.MaxValue : top))
            table.AddRow(
                new Markup(Markup.Escape(g.Name)),
                new Markup($"{g.Goroutines:N0}"),
                new Markup(TraceDurations.Format(g.Time.Execution)),
                new Markup(TraceDurations.Format(g.Time.SchedulerWait)),
                new Markup(TraceDurations.Format(g.Time.SyncBlock)),
                new Markup(TraceDurations.Format(g.Time.NetworkWait)),
                new Markup(TraceDurations.Format(g.Time.Syscall + g.Time.SyscallBlocked)),
                new Markup(TraceDurations.Format(g.Time.OtherBlock)),
                new Markup(TraceDurations.Format(g.Time.GC)));
        if (t.Groups.Count > top && top > 0)
            table.Caption($"[dim]… {t.Groups.Count - top} more group(s)[/]");
        return table;
    }
}
