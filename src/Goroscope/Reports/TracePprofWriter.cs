using System.IO.Compression;
using Goroscope.Stacks.Pprof.Proto;
using Goroscope.Traces.Timelines;
using Google.Protobuf;
using ValueType = Goroscope.Stacks.Pprof.Proto.ValueType;

namespace Goroscope.Reports;

/// <summary>
/// `goroscope trace --pprof TYPE`: a gzipped pprof profile shaped like `go tool trace -pprof=TYPE` writes (sample
/// types contentions/count and delay/nanoseconds, one location per pc), so `go tool pprof` reads either alike.
/// </summary>
public static class TracePprofWriter
{
    public static void Write(Stream output, Timeline timeline)
    {
        var strings = new List<string> { "" };
        var index = new Dictionary<string, long> { [""] = 0 };
        long Str(string s)
        {
            if (!index.TryGetValue(s, out var i))
            {
                i = strings.Count;
                strings.Add(s);
                index[s] = i;
            }
            return i;
        }

        var profile = new Profile { Period = 1 };
        profile.SampleType.Add(new ValueType { Type = Str("contentions"), Unit = Str("count") });
        profile.SampleType.Add(new ValueType { Type = Str("delay"), Unit = Str("nanoseconds") });
        profile.PeriodType = new ValueType { Type = Str("trace"), Unit = Str("count") };
        var locations = new Dictionary<ulong, ulong>();
        var functions = new Dictionary<(string, string), ulong>();
        foreach (var record in timeline.Profile)
        {
            var sample = new Sample();
            sample.Value.Add(record.Count);
            sample.Value.Add(record.Nanoseconds);
            var frames = timeline.Stacks[record.Stack].Frames;
            var pcs = timeline.Stacks.Pcs(record.Stack);
            for (var i = 0; i < frames.Count; i++)
            {
                if (!locations.TryGetValue(pcs[i], out var location))
                {
                    var frame = frames[i];
                    if (!functions.TryGetValue((frame.File, frame.Function), out var function))
                    {
                        function = (ulong)profile.Function.Count + 1;
                        profile.Function.Add(new Function { Id = function, Name = Str(frame.Function), SystemName = Str(frame.Function), Filename = Str(frame.File) });
                        functions[(frame.File, frame.Function)] = function;
                    }
                    location = (ulong)profile.Location.Count + 1;
                    var loc = new Location { Id = location, Address = pcs[i] };
                    loc.Line.Add(new Line { FunctionId = function, Line_ = frame.Line });
                    profile.Location.Add(loc);
                    locations[pcs[i]] = location;
                }
                sample.LocationId.Add(location);
            }
            profile.Sample.Add(sample);
        }
        profile.StringTable.AddRange(strings);
        using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        profile.WriteTo(gzip);
    }
}
