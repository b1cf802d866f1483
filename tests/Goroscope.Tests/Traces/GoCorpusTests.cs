using System.Text.RegularExpressions;
using Goroscope.Traces;

namespace Goroscope.Tests.Traces;

/// <summary>
/// Go's own trace test corpus, read in place from the Go 1.27 source tree (installed by .ci/run): each golden test
/// says whether Go's reader accepts the trace; ours must agree. The fuzz corpus holds inputs that once crashed Go's
/// reader; ours must end on each with a result or a format error, never another exception.
/// </summary>
public class GoCorpusTests
{
    private static readonly string Testdata = "/opt/go/1.27/src/internal/trace/testdata";

    public static TheoryData<string> GoldenTests() => [.. Directory.GetFiles(Path.Combine(Testdata, "tests"), "*.test").Select(f => Path.GetFileName(f))];

    public static TheoryData<string> FuzzInputs() => [.. Directory.GetFiles(Path.Combine(Testdata, "fuzz", "FuzzReader")).Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(GoldenTests))]
    public void Golden_test_is_accepted_or_rejected_as_Go_expects(string name)
    {
        var (expect, trace) = Split(File.ReadAllText(Path.Combine(Testdata, "tests", name)));
        var error = ReadAll(GoTraceText.Encode(trace));
        if (expect == "SUCCESS")
        {
            Assert.Null(error);
            return;
        }
        var pattern = Regex.Match(expect, "^FAILURE \"(.*)\"$").Groups[1].Value;
        Assert.True(error is not null && Regex.IsMatch(error, pattern), $"expected an error matching {pattern}, got: {error ?? "none"}");
    }

    [Theory]
    [MemberData(nameof(FuzzInputs))]
    public void Fuzz_input_ends_in_a_result_or_a_format_error(string name)
    {
        var literal = File.ReadAllLines(Path.Combine(Testdata, "fuzz", "FuzzReader", name))[1];
        var bytes = GoString.Unquote(literal["[]byte(".Length..^1]);
        ReadAll(bytes);
    }

    [Fact]
    public void Go_tool_trace_test_trace_reads_to_the_end()
    {
        var text = File.ReadAllText("/opt/go/1.27/src/cmd/trace/testdata/go122.test");
        Assert.Null(ReadAll(GoTraceText.Encode(text)));
    }

    /// <summary>Reads every event; returns the format error's message, or null when the trace reads to the end.</summary>
    internal static string? ReadAll(byte[] bytes)
    {
        try
        {
            var reader = TraceReader.Open(new MemoryStream(bytes));
            while (reader.TryRead(out _))
            {
            }
            return null;
        }
        catch (TraceFormatException e)
        {
            return e.Message;
        }
    }

    private static (string Expect, string Trace) Split(string txtar)
    {
        var expect = Regex.Match(txtar, @"-- expect --\n(.*?)\n").Groups[1].Value.Trim();
        var trace = txtar[(txtar.IndexOf("-- trace --\n", StringComparison.Ordinal) + "-- trace --\n".Length)..];
        return (expect, trace);
    }
}
