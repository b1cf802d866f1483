using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Goroscope.Tests.Traces;

/// <summary>`go tool trace -d=parsed` of Go 1.27 (installed under /opt/go by CI), the reference our reader is checked against.</summary>
internal static partial class GoToolTrace
{
    public const string GoRoot = "/opt/go/1.27";

    /// <summary>Go's own v1 test traces (Go 1.11, 1.19, 1.21), read in place, never copied into the repository.</summary>
    public static string V1TestData => Path.Combine(GoRoot, "src/internal/trace/internal/tracev1/testdata");

    /// <summary>`go tool trace ARGS` of the Go 1.27 toolchain, with both outputs redirected and no network or toolchain switch.</summary>
    public static ProcessStartInfo Command(params string[] args)
    {
        var start = new ProcessStartInfo($"{GoRoot}/bin/go", ["tool", "trace", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["GOROOT"] = GoRoot;
        start.Environment["GOTOOLCHAIN"] = "local";
        start.Environment["GOPROXY"] = "off";
        start.Environment["GOFLAGS"] = "-mod=mod";
        start.Environment["GOCACHE"] = Path.Combine(Path.GetTempPath(), "goroscope-tests", "gocache");
        return start;
    }

    /// <summary>
    /// The sync and state-transition lines Go prints for a trace, as
    /// `go tool trace -d=parsed FILE | grep -E '^M=.* (StateTransition|Sync) ' | sed 's/ Trace=.*//'` gives them;
    /// with <paramref name="withStacks"/>, each followed by its event's stack as <see cref="ParsedFormat.StackSuffix"/> writes it.
    /// </summary>
    public static List<string> Transitions(string path, bool withStacks = false)
    {
        using var go = Process.Start(Command("-d=parsed", path))!;
        var errors = go.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        // An event's first line may be followed by its transition's stack and its own, each a block of
        // `\tfunction @ 0xPC` and `\t\tfile:line` lines after `TransitionStack=` or `Stack=`, ended by an empty line.
        var inTransition = false;
        while (go.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("M=", StringComparison.Ordinal))
            {
                inTransition = TransitionLine().IsMatch(line);
                if (inTransition)
                    lines.Add(TraceClock().Replace(line, ""));
            }
            else if (inTransition && withStacks && line == "Stack=")
            {
                var frames = new List<string>();
                while (go.StandardOutput.ReadLine() is { Length: > 0 } function && go.StandardOutput.ReadLine() is { } place)
                    frames.Add($"{function[1..function.LastIndexOf(" @ 0x", StringComparison.Ordinal)]} {place.TrimStart('\t')}");
                lines[^1] += ParsedFormat.StackSuffix(frames);
            }
        }
        go.WaitForExit();
        if (go.ExitCode != 0)
            throw new InvalidOperationException($"go tool trace -d=parsed {path} failed: {errors.Result}");
        return lines;
    }

    /// <summary>
    /// Go makes the goroutines a v1 trace's start names as created (and does not see again) runnable in the order
    /// it iterates a map, which changes from run to run; their ids in ascending order, as our reader gives them.
    /// </summary>
    public static List<string> WithRunnableAtStartSorted(List<string> lines)
    {
        var sorted = new List<string>(lines);
        for (var i = 0; i < sorted.Count;)
        {
            var end = i;
            while (end < sorted.Count && RunnableAtStart().IsMatch(sorted[end]))
                end++;
            if (end == i)
            {
                i++;
                continue;
            }
            var ids = sorted[i..end].Select(line => long.Parse(RunnableAtStart().Match(line).Groups["id"].Value)).Order().ToList();
            for (var k = i; k < end; k++)
                sorted[k] = RunnableAtStart().Replace(sorted[k], m => m.Value.Replace($"GoID={m.Groups["id"].Value} ", $"GoID={ids[k - i]} "));
            i = end;
        }
        return sorted;
    }

    [GeneratedRegex(@"^M=.* (StateTransition|Sync) ")]
    private static partial Regex TransitionLine();

    [GeneratedRegex(" Trace=.*")]
    private static partial Regex TraceClock();

    [GeneratedRegex(@"^M=-1 P=-1 G=-1 StateTransition Time=\d+ GoID=(?<id>\d+) Undetermined->Runnable Reason=""""$")]
    private static partial Regex RunnableAtStart();
}
