using Goroscope.Analysis;
using Goroscope.Stacks;
using Spectre.Console;

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
        console.Line($"[bold]{result.Goroutines:N0}[/] goroutine{(result.Goroutines == 1 ? "" : "s")} in [bold]{result.Buckets.Count:N0}[/] bucket{(result.Buckets.Count == 1 ? "" : "s")}; "
            + (result.Suspects > 0 ? $"[bold red]{result.Suspects} leak suspect{(result.Suspects == 1 ? "" : "s")}[/]" : "[green]no leak suspects[/]")
            + (result.IgnoredGoroutines > 0 ? $"; {result.IgnoredGoroutines:N0} ignored" : "")
            + $"  [dim]({Markup.Escape(context.Source)}, {ReportContext.FormatName(result.Snapshot)}, grouping {result.Grouping.ToString().ToLowerInvariant()})[/]");
        foreach (var warning in result.Warnings.Concat(context.Notes))
            console.Line($"[yellow]warning:[/] {Markup.Escape(warning)}");
        if (result.Buckets.Count == 0)
            return;

        console.WriteLine();
        var table = new TextTable(new("#", true), new("score", true), new("count", true), new("state"), new("pattern"),
            new("blocking site"), new("created by"), new("min", true))
        {
            BlocksBelow = TextTable.BucketBlockWidth,
        };
        var shown = options.Top <= 0 ? result.Buckets.Count : Math.Min(options.Top, result.Buckets.Count);
        for (var i = 0; i < shown; i++)
        {
            var b = result.Buckets[i];
            var style = b.IsSuspect ? "red" : b.Pattern.IsStuck ? "default" : "dim";
            table.AddRow(
                Cell.Whole($"{i + 1}"),
                Cell.Whole($"{b.Score:0.0}", style),
                Cell.Whole($"{b.Count:N0}"),
                b.Leaked > 0 ? Cell.Text(b.State.Reason).Then("(leaked)", "bold red") : Cell.Text(b.State.Reason),
                b.Background is null ? Cell.Whole(b.Pattern.Id, style) : Cell.Whole(b.Pattern.Id, style).Then("(bg)", "dim"),
                Cell.Site(b.BlockingSite.Frame),
                Cell.Site(b.CreatedBy),
                Cell.Whole(Minutes(b)));
        }
        table.Write(console);
        if (shown < result.Buckets.Count)
            console.Line($"[dim]… {result.Buckets.Count - shown} more bucket(s) with {result.Buckets.Skip(shown).Sum(b => b.Count):N0} goroutines (--top 0 shows all)[/]");

        var rank = 0;
        foreach (var b in result.Buckets.Take(shown).Where(b => b.IsSuspect).Take(options.Details))
        {
            rank++;
            console.WriteLine();
            console.Line($"[bold red]suspect {rank}[/]: [bold]{b.Count:N0}[/] × [bold]{Markup.Escape(b.Pattern.Id)}[/], score {b.Score:0.0}  [dim]bucket {b.Id}[/]");
            console.Line($"  [bold]why[/]  {Markup.Escape(b.Pattern.Why)}");
            if (b.Leaked > 0)
                console.Line($"       [red]the runtime proved {b.Leaked:N0} of them leaked[/]");
            if (b.Background is { } background)
                console.Line($"       [dim]known background goroutine: {Markup.Escape(background)}[/]");
            console.Line($"  [bold]fix[/]  {Markup.Escape(b.Pattern.Fix)}");
            console.Line($"  [bold]score[/] {Markup.Escape(ScoreLine(b))}");
            if (b.BlockingSite.Frame is { } site)
                console.Line($"  [bold]at[/]   {Markup.Escape(site.Function)}  [blue]{Markup.Escape(site.File)}:{site.Line}[/]");
            if (b.CreatedBy is { } creator)
                console.Line($"  [bold]made by[/] {Markup.Escape(creator.Function)}  [blue]{Markup.Escape(creator.File)}:{creator.Line}[/]"
                    + (b.ParentIds.Count > 0 ? $" [dim]in goroutine{(b.ParentIds.Count > 1 ? "s" : "")} {string.Join(", ", b.ParentIds.Take(5))}{(b.ParentIds.Count > 5 ? ", …" : "")}[/]" : ""));
            WriteSource(console, b);
            foreach (var frame in b.Stack.Frames.Take(options.StackDepth))
                console.Line($"      {Markup.Escape(frame.Function)}  [dim]{Markup.Escape(Path.GetFileName(frame.File))}:{frame.Line}[/]");
            if (b.Stack.Frames.Count > options.StackDepth)
                console.Line($"      [dim]… {b.Stack.Frames.Count - options.StackDepth} more frame(s)[/]");
        }

        // Piles that wake by themselves are listed even below the table's cut: they are what a reader would take for leaks.
        var healthy = result.Buckets.Where(b => b.Healthy is not null && !b.IsSuspect && b.Count > 1).OrderByDescending(b => b.Count).Take(options.Details).ToList();
        foreach (var b in healthy)
        {
            console.WriteLine();
            console.Line($"[green]not a suspect[/]: [bold]{b.Count:N0}[/] × [bold]{Markup.Escape(b.Pattern.Id)}[/], score {b.Score:0.0}  [dim]bucket {b.Id}[/]");
            console.Line($"  [bold]why[/]  {Markup.Escape(b.Healthy!.Reason)}");
            if (b.BlockingSite.Frame is { } site)
                console.Line($"  [bold]at[/]   {Markup.Escape(site.Function)}  [blue]{Markup.Escape(site.File)}:{site.Line}[/]");
            WriteSource(console, b);
        }
    }

    /// <summary>The blocking line and the lines around it, when the source was read; the blocking line marked.</summary>
    private static void WriteSource(IAnsiConsole console, Bucket b)
    {
        if (b.Source is not { } source)
            return;
        console.Line($"  [bold]source[/] [blue]{Markup.Escape(source.File)}[/]" + (source.Buffer is { } buffer ? $"  [dim](channel buffer {buffer})[/]" : ""));
        foreach (var line in source.Excerpt)
        {
            var text = Markup.Escape(line.Text.Replace("\t", "    "));
            console.Line(line.Number == source.Line ? $"  [bold]> {line.Number,5}  {text}[/]" : $"  [dim]  {line.Number,5}  {text}[/]");
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

    /// <summary>A frame as `function file.go:line`, the file name in blue; a dim dash for none.</summary>
    internal static string SiteMarkup(Frame? frame) => frame is null
        ? "[dim]-[/]"
        : $"{Markup.Escape(frame.Function)} [blue]{Markup.Escape(Path.GetFileName(frame.File))}:{frame.Line}[/]";

    private static string Minutes(Bucket b) =>
        b.MaxMinutes == 0 ? "" : b.MinMinutes == b.MaxMinutes ? $"{b.MaxMinutes}" : $"{b.MinMinutes}–{b.MaxMinutes}";
}
