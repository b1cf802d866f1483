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
        for (var i = 0; i < Math.Min(expected.Length, actual.Count); i++)
            Assert.True(expected[i] == actual[i], $"line {i + 1} differs:\n go:  {expected[i]}\n us:  {actual[i]}");
        Assert.Equal(expected.Length, actual.Count);
    }
}
