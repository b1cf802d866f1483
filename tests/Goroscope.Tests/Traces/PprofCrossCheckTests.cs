using System.Diagnostics;
using System.IO.Compression;
using Goroscope.Reports;
using Goroscope.Stacks.Pprof.Proto;
using Goroscope.Traces;
using Goroscope.Traces.Timelines;

namespace Goroscope.Tests.Traces;

/// <summary>
/// `--pprof TYPE` against `go tool trace -pprof=TYPE` (Go 1.27, installed by .ci/run) on the same trace: the same
/// samples — stack, count and total delay — in both profiles.
/// </summary>
public class PprofCrossCheckTests
{
    [Theory]
    [InlineData("go1.27", PprofKind.Sched)]
    [InlineData("go1.27", PprofKind.Sync)]
    [InlineData("go1.27", PprofKind.Syscall)]
    [InlineData("go1.23", PprofKind.Sched)]
    [InlineData("go1.23", PprofKind.Sync)]
    [InlineData("go1.19", PprofKind.Sched)]
    [InlineData("go1.19", PprofKind.Sync)]
    public void Profile_has_the_samples_go_tool_trace_writes(string version, PprofKind kind)
    {
        var trace = Path.Combine(Paths.TestData, "traces", version, "traceleak.trace");
        var go = Samples(GoProfile(trace, kind.ToString().ToLowerInvariant()));
        Timeline timeline;
        using (var file = File.OpenRead(trace))
            timeline = Timeline.Read(TraceReader.Open(file), new TimelineOptions { Profile = kind });
        var ours = new MemoryStream();
        TracePprofWriter.Write(ours, timeline);
        Assert.NotEmpty(go);
        Assert.Equal(go, Samples(ours.ToArray()));
    }

    private static List<string> Samples(byte[] gzipped)
    {
        using var gzip = new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress);
        var profile = Profile.Parser.ParseFrom(gzip);
        var functions = profile.Function.ToDictionary(f => f.Id, f => profile.StringTable[(int)f.Name]);
        var locations = profile.Location.ToDictionary(l => l.Id, l => $"{functions[l.Line[0].FunctionId]}:{l.Line[0].Line_}");
        return [.. profile.Sample.Select(s => $"{s.Value[0]} {s.Value[1]} {string.Join(" < ", s.LocationId.Select(id => locations[id]))}").Order(StringComparer.Ordinal)];
    }

    private static byte[] GoProfile(string trace, string kind)
    {
        using var go = Process.Start(GoToolTrace.Command($"-pprof={kind}", trace))!;
        var output = new MemoryStream();
        go.StandardOutput.BaseStream.CopyTo(output);
        go.WaitForExit();
        Assert.True(go.ExitCode == 0, go.StandardError.ReadToEnd());
        return output.ToArray();
    }
}
