using System.Text.RegularExpressions;
using Goroscope.Traces;

namespace Goroscope.Tests.Traces;

/// <summary>Prints events the way `go tool trace -d=parsed` prints their first line, for line-by-line cross-checks.</summary>
internal static partial class ParsedFormat
{
    public static string? Line(in TraceEvent e) => e.Kind switch
    {
        TraceEventKind.Sync => $"{Context(e)} Sync Time={e.Time} N={e.Value}",
        TraceEventKind.GoroutineTransition => $"{Context(e)} StateTransition Time={e.Time} GoID={e.Resource} {e.GoFrom}->{e.GoTo} Reason={Quote(e.Reason)}",
        TraceEventKind.ProcTransition => $"{Context(e)} StateTransition Time={e.Time} ProcID={e.Resource} {e.ProcFrom}->{e.ProcTo} Reason=\"\"",
        _ => null,
    };

    /// <summary>
    /// Every sync and state transition of the trace, as lines; with <paramref name="withStacks"/>, each followed by
    /// the event's stack the way <see cref="GoToolTrace.Transitions"/> condenses Go's `Stack=` block.
    /// </summary>
    public static List<string> Transitions(string path, bool withStacks = false)
    {
        using var file = File.OpenRead(path);
        var reader = TraceReader.Open(file);
        var lines = new List<string>();
        while (reader.TryRead(out var e))
            if (Line(e) is { } line)
                lines.Add(withStacks && e.Stack != 0 ? line + StackSuffix(reader.Stacks[e.Stack].Frames.Select(f => $"{f.Function} {f.File}:{f.Line}")) : line);
        return lines;
    }

    public static string StackSuffix(IEnumerable<string> frames) => $" Stack=[{string.Join("; ", frames)}]";

    /// <summary>The Time= of a line.</summary>
    public static long TimeOf(string line) => long.Parse(TimeField().Match(line).Groups["time"].Value);

    /// <summary>A line without its Time=, to compare events whatever nanosecond Go's conversion moved them to.</summary>
    public static string WithoutTime(string line) => TimeField().Replace(line, "");

    [GeneratedRegex(@" Time=(?<time>-?\d+)")]
    private static partial Regex TimeField();

    private static string Context(in TraceEvent e) => $"M={e.M} P={e.P} G={e.G}";

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
