namespace Goroscope.Tests.Traces;

/// <summary>
/// The reader against Go's own: every goroutine and proc transition and every sync, with its thread, proc,
/// goroutine, time and reason, in the same order as `go tool trace -d=parsed` (Go 1.27) printed them for the same file.
/// </summary>
public class CrossCheckTests
{
    [Theory]
    [InlineData("go1.19/traceleak")]
    [InlineData("go1.23/traceleak")]
    [InlineData("go1.27/traceleak")]
    public void Transitions_match_go_tool_trace_line_by_line(string name)
    {
        var expected = File.ReadAllLines(Path.Combine(Paths.TestData, "traces", name + ".parsed.txt"));
        var actual = ParsedFormat.Transitions(Path.Combine(Paths.TestData, "traces", name + ".trace"));
        AssertSameLines(expected, actual);
    }

    /// <summary>The same with each transition's stack, against Go's lines made at test time.</summary>
    [Theory]
    [InlineData("go1.19/traceleak")]
    [InlineData("go1.23/traceleak")]
    [InlineData("go1.27/traceleak")]
    public void Transitions_with_stacks_match_go_tool_trace_line_by_line(string name)
    {
        var path = Path.Combine(Paths.TestData, "traces", name + ".trace");
        AssertSameLines(GoToolTrace.Transitions(path, withStacks: true), ParsedFormat.Transitions(path, withStacks: true));
    }

    public static TheoryData<string> GoV1TestTraces { get; } =
    [
        "http_1_19_good", "http_1_21_good",
        "stress_1_11_good", "stress_1_19_good", "stress_1_21_good",
        "stress_start_stop_1_11_good", "stress_start_stop_1_19_good", "stress_start_stop_1_21_good",
        "user_task_region_1_11_good", "user_task_region_1_19_good", "user_task_region_1_21_good",
        "fmt_1_21_pprof_good",
    ];

    /// <summary>
    /// Go's own v1 test traces, with Go's lines made at test time, each with its event's stack. Go merges the
    /// procs' events starting from a map of procs, so events two procs wrote at the same tick come in an order
    /// that changes from run to run of `go tool trace` (it does on http_1_19 and the stress traces); only their
    /// order may differ.
    /// </summary>
    [Theory]
    [MemberData(nameof(GoV1TestTraces))]
    public void Transitions_of_gos_v1_test_traces_match_go_tool_trace_up_to_the_order_of_simultaneous_events(string name)
    {
        var path = Path.Combine(GoToolTrace.V1TestData, name);
        var expected = GoToolTrace.WithRunnableAtStartSorted(GoToolTrace.Transitions(path, withStacks: true));
        var actual = ParsedFormat.Transitions(path, withStacks: true);
        AssertSameUpToSimultaneous(expected, actual);
    }

    private static void AssertSameLines(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
            Assert.True(expected[i] == actual[i], $"line {i + 1} differs:\n go:  {expected[i]}\n us:  {actual[i]}");
        Assert.Equal(expected.Count, actual.Count);
    }

    // Go's conversion moves an event that shares its time with the one before a nanosecond up; a tie of a few
    // events, some of them not transitions (metrics, ranges), spreads over a few nanoseconds.
    private const long SimultaneousWithin = 3;

    /// <summary>
    /// Line by line, except that within a run of lines at most <see cref="SimultaneousWithin"/> ns apart the
    /// lines may come in another order, and each line's time may be up to that many nanoseconds off.
    /// </summary>
    private static void AssertSameUpToSimultaneous(List<string> expected, List<string> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count;)
        {
            var end = i + 1;
            while (end < expected.Count && ParsedFormat.TimeOf(expected[end]) - ParsedFormat.TimeOf(expected[end - 1]) is >= 0 and <= SimultaneousWithin)
                end++;
            var (go, us) = (expected.GetRange(i, end - i), actual.GetRange(i, end - i));
            var context = $"lines {i + 1}-{end}:\n go:\n  {string.Join("\n  ", go)}\n us:\n  {string.Join("\n  ", us)}";
            Assert.True(go.Select(ParsedFormat.WithoutTime).Order().SequenceEqual(us.Select(ParsedFormat.WithoutTime).Order()), $"different events, {context}");
            Assert.True(go.Zip(us).All(pair => Math.Abs(ParsedFormat.TimeOf(pair.First) - ParsedFormat.TimeOf(pair.Second)) <= SimultaneousWithin), $"times differ, {context}");
            i = end;
        }
    }
}
