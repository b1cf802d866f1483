using Goroscope.Traces;

namespace Goroscope.Tests.Traces;

/// <summary>Prints events the way `go tool trace -d=parsed` prints their first line, for line-by-line cross-checks.</summary>
internal static class ParsedFormat
{
    public static string? Line(in TraceEvent e) => e.Kind switch
    {
        TraceEventKind.Sync => $"{Context(e)} Sync Time={e.Time} N={e.Value}",
        TraceEventKind.GoroutineTransition => $"{Context(e)} StateTransition Time={e.Time} GoID={e.Resource} {e.GoFrom}->{e.GoTo} Reason={Quote(e.Reason)}",
        TraceEventKind.ProcTransition => $"{Context(e)} StateTransition Time={e.Time} ProcID={e.Resource} {e.ProcFrom}->{e.ProcTo} Reason=\"\"",
        _ => null,
    };

    /// <summary>Every sync and state transition of the trace, as lines.</summary>
    public static List<string> Transitions(string path)
    {
        using var file = File.OpenRead(path);
        var reader = TraceReader.Open(file);
        var lines = new List<string>();
        while (reader.TryRead(out var e))
            if (Line(e) is { } line)
                lines.Add(line);
        return lines;
    }

    private static string Context(in TraceEvent e) => $"M={e.M} P={e.P} G={e.G}";

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
