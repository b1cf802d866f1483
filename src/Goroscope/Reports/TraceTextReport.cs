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
        console.Line($"[bold]{TraceDurations.Format(t.Duration)}[/] of trace, [bold]{t.Events:N0}[/] events, [bold]{t.GoroutinesSeen:N0}[/] goroutines "
            + $"({t.GoroutinesCreated:N0} created, {t.GoroutinesEnded:N0} ended, {t.Alive.Count:N0} alive at the end); "
            + (blocked.Suspects > 0 ? $"[bold red]{blocked.Suspects} leak suspect{(blocked.Suspects == 1 ? "" : "s")}[/]" : "[green]no leak suspects[/]")
            + $"  [dim]({Markup.Escape(source)}, Go 1.{t.Version} trace format{(t.Wall is { } wall ? $", taken {wall:u}" : "")})[/]");

        console.WriteLine();
        console.Line("[bold]Blocked when the trace ended[/] [dim](most suspect first)[/]");
        if (analysis.Buckets.Count == 0)
            console.Line("  [green]none[/]");
        else
            WriteBlockedTable(console, analysis, top);

        console.WriteLine();
        console.Line("[bold]Latency[/]");
        WriteLatencyTable(console, t, top);

        console.WriteLine();
        console.Line("[bold]Time by goroutine group[/] [dim](entry function; GC overlaps the rest)[/]");
        WriteTimeTable(console, t, top);

        foreach (var life in t.Alive.Concat(t.EndedLives).Where(l => l.History is not null).OrderBy(l => l.Id))
            WriteHistory(console, t, life);
    }

    /// <summary>A followed goroutine's life, change by change, times from the trace's start.</summary>
    private static void WriteHistory(IAnsiConsole console, Timeline t, GoroutineLife life)
    {
        console.WriteLine();
        var creation = t.Stacks[life.CreationStack].Frames;
        console.Line($"[bold]goroutine {life.Id}[/] {Markup.Escape(life.Name)}"
            + (life.ExistedAtStart ? " [dim](existed when the trace started)[/]"
                : $", created by goroutine {life.CreatorId}" + (creation.Count > 0 ? $" at {Markup.Escape(creation[0].Function)} [blue]{Markup.Escape(Path.GetFileName(creation[0].File))}:{creation[0].Line}[/]" : "")));
        foreach (var change in life.History!)
        {
            var frames = t.Stacks[change.Stack].Frames;
            var where = frames.Count == 0 ? "" : $"  [dim]at[/] {Markup.Escape(frames[0].Function)} [blue]{Markup.Escape(Path.GetFileName(frames[0].File))}:{frames[0].Line}[/]";
            var reason = change.Reason.Length > 0 ? $" ({Markup.Escape(change.Reason)})" : "";
            console.Line($"  {TraceDurations.Format(change.Time - t.Start),9}  {change.From} → [bold]{change.To}[/]{reason}{where}");
        }
        console.Line(life.Ended
            ? $"  [dim]ended after {TraceDurations.Format(life.EndedAt - life.CreatedAt)}[/]"
            : $"  [dim]still {life.State.ToString().ToLowerInvariant()} at the end, for {TraceDurations.Format(life.InStateFor(t.End))}[/]");
    }

    private static void WriteBlockedTable(IAnsiConsole console, TraceAnalysis analysis, int top)
    {
        var table = new TextTable(new("#", true), new("score", true), new("count", true), new("state"), new("pattern"),
            new("blocked for", true), new("blocking site"), new("created at"))
        {
            BlocksBelow = TextTable.BucketBlockWidth,
        };
        var rank = 0;
        foreach (var suspect in analysis.Buckets.Take(top <= 0 ? int.MaxValue : top))
        {
            var b = suspect.Bucket;
            var style = b.IsSuspect ? "red" : b.Pattern.IsStuck ? "default" : "dim";
            table.AddRow(
                Cell.Whole($"{++rank}"),
                Cell.Whole($"{b.Score:0.0}", style),
                Cell.Whole($"{b.Count:N0}"),
                Cell.Text(b.State.Reason),
                b.Background is null ? Cell.Whole(b.Pattern.Id, style) : Cell.Whole(b.Pattern.Id, style).Then("(bg)", "dim"),
                Cell.Whole(Blocked(suspect)),
                Cell.Site(b.BlockingSite.Frame),
                Cell.Site(b.CreatedBy));
        }
        table.Write(console);
        if (analysis.Buckets.Count > rank)
            console.Line($"[dim]… {analysis.Buckets.Count - rank} more bucket(s) (--top 0 shows all)[/]");
    }

    private static string Blocked(TraceSuspect s)
    {
        var prefix = s.BlockedAtLeastSinceStart ? "≥ " : "";
        return s.MinBlocked == s.MaxBlocked || TraceDurations.Format(s.MinBlocked) == TraceDurations.Format(s.MaxBlocked)
            ? prefix + TraceDurations.Format(s.MaxBlocked)
            : $"{prefix}{TraceDurations.Format(s.MinBlocked)}–{TraceDurations.Format(s.MaxBlocked)}";
    }

    private static void WriteLatencyTable(IAnsiConsole console, Timeline t, int top)
    {
        var table = new TextTable(new("what"), new("count", true), new("P50", true), new("P90", true), new("P99", true), new("max", true));
        void Row(Cell what, LatencyHistogram h) => table.AddRow(
            what,
            Cell.Whole($"{h.Count:N0}"),
            Cell.Whole(TraceDurations.Format(h.Percentile(50))),
            Cell.Whole(TraceDurations.Format(h.Percentile(90))),
            Cell.Whole(TraceDurations.Format(h.Percentile(99))),
            Cell.Whole(TraceDurations.Format(h.Max)));
        Row(Cell.Text("create → first run"), t.CreateToRun);
        foreach (var site in t.CreationSites.Where(s => s.Site is not null && s.CreateToRun.Count > 0).OrderByDescending(s => s.CreateToRun.Percentile(99)).Take(top <= 0 ? int.MaxValue : Math.Min(top, 10)))
            Row(new Cell([new Word("·", "dim"), .. Cell.Site(site.Site).Words]), site.CreateToRun);
        Row(Cell.Text("runnable → running"), t.SchedulerLatency);
        table.Write(console);
    }

    private static void WriteTimeTable(IAnsiConsole console, Timeline t, int top)
    {
        var table = new TextTable(new("group"), new("goroutines", true), new("execution", true), new("sched wait", true), new("sync block", true),
            new("network", true), new("syscall", true), new("other block", true), new("GC", true));
        foreach (var g in t.Groups.Take(top <= 0 ? int.MaxValue : top))
            table.AddRow(
                Cell.Text(g.Name),
                Cell.Whole($"{g.Goroutines:N0}"),
                Cell.Whole(TraceDurations.Format(g.Time.Execution)),
                Cell.Whole(TraceDurations.Format(g.Time.SchedulerWait)),
                Cell.Whole(TraceDurations.Format(g.Time.SyncBlock)),
                Cell.Whole(TraceDurations.Format(g.Time.NetworkWait)),
                Cell.Whole(TraceDurations.Format(g.Time.Syscall + g.Time.SyscallBlocked)),
                Cell.Whole(TraceDurations.Format(g.Time.OtherBlock)),
                Cell.Whole(TraceDurations.Format(g.Time.GC)));
        table.Write(console);
        if (t.Groups.Count > top && top > 0)
            console.Line($"[dim]… {t.Groups.Count - top} more group(s)[/]");
    }
}
