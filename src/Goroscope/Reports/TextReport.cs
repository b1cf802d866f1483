using Goroscope.Analysis;
using Goroscope.Stacks;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Goroscope.Reports;

/// <summary>Options of the terminal report.</summary>
/// <param name="Top">Buckets in the table (0: all).</param>
/// <param name="Details">Suspects shown with why, fix and stack.</param>
/// <param name="StackDepth">Frames shown per detailed bucket.</param>
public sealed record TextReportOptions(int Top = 25, int Details = 5, int StackDepth = 12);

/// <summary>
/// `--format text`: a summary line (goroutines, buckets, suspects), a table of buckets most suspect first,
/// then the top suspects with why, fix and stack. Colour comes from the console it is given.
/// </summary>
public static class TextReport
{
    public static void Write(IAnsiConsole console, AnalysisResult result, ReportContext context, TextReportOptions options)
    {
        console.MarkupLine($"[bold]{result.Goroutines:N0}[/] goroutine{(result.Goroutines == 1 ? "" : "s")} in [bold]{result.Buckets.Count:N0}[/] bucket{(result.Buckets.Count == 1 ? "" : "s")}; "
            + (result.Suspects > 0 ? $"[bold red]{result.Suspects} leak suspect{(result.Suspects == 1 ? "" : "s")}[/]" : "[green]no leak suspects[/]")
            + (result.IgnoredGoroutines > 0 ? $"; {result.IgnoredGoroutines:N0} ignored" : "")
            + $"  [dim]({Markup.Escape(context.Source)}, {ReportContext.FormatName(result.Snapshot)}, grouping {result.Grouping.ToString().ToLowerInvariant()})[/]");
        foreach (var warning in result.Warnings.Concat(context.Notes))
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        if (result.Buckets.Count == 0)
            return;

        var table = new Table().Border(TableBorder.Simple).Expand();
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn(new TableColumn("score").RightAligned());
        table.AddColumn(new TableColumn("count").RightAligned());
        table.AddColumn("state");
        table.AddColumn("pattern");
        table.AddColumn("blocking site");
        table.AddColumn("created by");
        table.AddColumn(new TableColumn("min").RightAligned());
        var shown = options.Top <= 0 ? result.Buckets.Count : Math.Min(options.Top, result.Buckets.Count);
        for (var i = 0; i < shown; i++)
        {
            var b = result.Buckets[i];
            var style = b.IsSuspect ? "red" : b.Pattern.IsStuck ? "default" : "dim";
            table.AddRow(
                new Markup($"{i + 1}"),
                new Markup($"[{style}]{b.Score:0.0}[/]"),
                new Markup($"{b.Count:N0}"),
                new Markup(Markup.Escape(b.State.Reason) + (b.Leaked > 0 ? " [bold red](leaked)[/]" : "")),
                new Markup($"[{style}]{Markup.Escape(b.Pattern.Id)}[/]" + (b.Background is null ? "" : " [dim](bg)[/]")),
                Site(b.BlockingSite.Frame),
                Site(b.CreatedBy),
                new Markup(Minutes(b)));
        }
        console.Write(table);
        if (shown < result.Buckets.Count)
            console.MarkupLine($"[dim]… {result.Buckets.Count - shown} more bucket(s) with {result.Buckets.Skip(shown).Sum(b => b.Count):N0} goroutines (--top 0 shows all)[/]");

        var rank = 0;
        foreach (var b in result.Buckets.Take(shown).Where(b => b.IsSuspect).Take(options.Details))
        {
            rank++;
            console.WriteLine();
            console.MarkupLine($"[bold red]suspect {rank}[/]: [bold]{b.Count:N0}[/] × [bold]{Markup.Escape(b.Pattern.Id)}[/], score {b.Score:0.0}  [dim]bucket {b.Id}[/]");
            console.MarkupLine($"  [bold]why[/]  {Markup.Escape(b.Pattern.Why)}");
            if (b.Leaked > 0)
                console.MarkupLine($"       [red]the runtime proved {b.Leaked:N0} of them leaked[/]");
            if (b.Background is { } background)
                console.MarkupLine($"       [dim]known background goroutine: {Markup.Escape(background)}[/]");
            console.MarkupLine($"  [bold]fix[/]  {Markup.Escape(b.Pattern.Fix)}");
            console.MarkupLine($"  [bold]score[/] {Markup.Escape(ScoreLine(b))}");
            if (b.BlockingSite.Frame is { } site)
                console.MarkupLine($"  [bold]at[/]   {Markup.Escape(site.Function)}  [blue]{Markup.Escape(site.File)}:{site.Line}[/]");
            if (b.CreatedBy is { } creator)
                console.MarkupLine($"  [bold]made by[/] {Markup.Escape(creator.Function)}  [blue]{Markup.Escape(creator.File)}:{creator.Line}[/]"
                    + (b.ParentIds.Count > 0 ? $" [dim]in goroutine{(b.ParentIds.Count > 1 ? "s" : "")} {string.Join(", ", b.ParentIds.Take(5))}{(b.ParentIds.Count > 5 ? ", …" : "")}[/]" : ""));
            foreach (var frame in b.Stack.Frames.Take(options.StackDepth))
                console.MarkupLine($"      {Markup.Escape(frame.Function)}  [dim]{Markup.Escape(Path.GetFileName(frame.File))}:{frame.Line}[/]");
            if (b.Stack.Frames.Count > options.StackDepth)
                console.MarkupLine($"      [dim]… {b.Stack.Frames.Count - options.StackDepth} more frame(s)[/]");
        }
    }

    /// <summary>
    /// The terms of a score in one line, evidence named: `+20.1 count +15 site +12 pattern; +15 wait-for: every
    /// goroutine that shares … (goroutine 7)`. Terms worth nothing are left out.
    /// </summary>
    internal static string ScoreLine(Bucket bucket)
    {
        var shape = bucket.ScoreTerms.Where(t => !t.IsEvidence && !(t.Kind == ScoreTermKind.Points && Math.Round(t.Value, 1) == 0))
            .Select(t => $"{t.Contribution} {t.Name}");
        var evidence = bucket.ScoreTerms.Where(t => t.IsEvidence)
            .Select(t => $"{t.Contribution} {t.Name}: {t.Reason}" + (t.Evidence is { } where ? $" ({where})" : ""));
        return string.Join(' ', shape) + string.Concat(evidence.Select(e => "; " + e));
    }

    /// <summary>A frame as one table cell: function, then file name and line; a dash for none. The diff and check tables use it too.</summary>
    internal static IRenderable Site(Frame? frame) => new Markup(SiteMarkup(frame));

    /// <summary>A frame as `function file.go:line`, the file name in blue; a dim dash for none.</summary>
    internal static string SiteMarkup(Frame? frame) => frame is null
        ? "[dim]-[/]"
        : $"{Markup.Escape(frame.Function)} [blue]{Markup.Escape(Path.GetFileName(frame.File))}:{frame.Line}[/]";

    private static string Minutes(Bucket b) =>
        b.MaxMinutes == 0 ? "" : b.MinMinutes == b.MaxMinutes ? $"{b.MaxMinutes}" : $"{b.MinMinutes}–{b.MaxMinutes}";
}
