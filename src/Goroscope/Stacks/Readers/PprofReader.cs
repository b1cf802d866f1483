using Google.Protobuf;
using Goroscope.Stacks.Pprof.Proto;

namespace Goroscope.Stacks.Readers;

/// <summary>
/// Reads `?debug=0` goroutine profiles: the pprof protocol buffer (perftools.profiles.Profile), already
/// gunzipped. Each sample is one record: its count, its labels and its stack (location ids leaf first; a
/// location's lines hold its inlined calls, callee first). Runtime frames are included, so the wait state is
/// inferred from them.
/// </summary>
public static class PprofReader
{
    public static Snapshot Read(Stream stream)
    {
        Profile profile;
        try
        {
            profile = Profile.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new DumpReadException($"not a valid pprof profile: {e.Message.TrimEnd('.')}");
        }
        var strings = profile.StringTable;
        string Str(long index) => index >= 0 && index < strings.Count ? strings[(int)index] : "";

        if (profile.SampleType.Count == 0)
            throw new DumpReadException("not a goroutine profile: the pprof data has no sample types");
        var sampleType = Str(profile.SampleType[0].Type);
        if (sampleType is not ("goroutine" or "goroutineleak"))
            throw new DumpReadException($"not a goroutine profile: the pprof profile counts `{sampleType}` samples");
        var leakProfile = sampleType == "goroutineleak";

        var interner = new Interner();
        var functions = profile.Function.ToDictionary(f => f.Id);
        var locations = new Dictionary<ulong, Frame[]>(profile.Location.Count);
        var nilChannelParks = new Dictionary<Frame, WaitState>();
        foreach (var location in profile.Location)
        {
            var frames = new Frame[location.Line.Count];
            for (var i = 0; i < frames.Length; i++)
            {
                var line = location.Line[i];
                functions.TryGetValue(line.FunctionId, out var function);
                frames[i] = interner.Frame(new Frame(
                    interner.String(function is null ? "?" : Str(function.Name)),
                    interner.String(function is null ? "" : Str(function.Filename)),
                    (int)line.Line_)
                { Inlined = i < frames.Length - 1 });
                if (function is not null && NilChannelPark(frames[i], line.Line_ - function.StartLine) is { } state)
                    nilChannelParks[frames[i]] = state;
            }
            locations[location.Id] = frames;
        }

        var warnings = new List<string>();
        var goroutines = new List<Goroutine>(profile.Sample.Count);
        var stackFrames = new List<Frame>();
        var unknownLocations = 0;
        foreach (var sample in profile.Sample)
        {
            stackFrames.Clear();
            foreach (var id in sample.LocationId)
            {
                if (locations.TryGetValue(id, out var frames))
                    stackFrames.AddRange(frames);
                else
                    unknownLocations++;
            }
            var stack = interner.Stack(stackFrames, 0);
            goroutines.Add(new Goroutine
            {
                State = NilChannelState(stack, nilChannelParks) ?? WaitStateInference.FromFrames(stack.Frames) ?? Unparked(stack),
                Stack = stack,
                Count = sample.Value.Count > 0 ? sample.Value[0] : 1,
                Labels = sample.Label.Count == 0 ? [] : sample.Label
                    .Select(l => new KeyValuePair<string, string>(Str(l.Key), l.Str != 0 ? Str(l.Str) : l.Num.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                    .ToArray(),
                Leaked = leakProfile,
            });
        }
        if (unknownLocations > 0)
            warnings.Add($"{unknownLocations} sample location(s) name no location in the profile");
        return new Snapshot
        {
            Format = DumpFormat.Pprof,
            Goroutines = goroutines,
            DeclaredTotal = goroutines.Sum(g => g.Count),
            IsLeakProfile = leakProfile,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// A goroutine parked on a nil channel parks at the top of runtime.chansend/chanrecv, in the `c == nil` check
    /// (5 and 12 lines into the function from Go 1.19 to 1.27); a real channel wait parks a hundred lines further
    /// down. pprof records each function's first line, so the distance tells which.
    /// </summary>
    private static WaitState? NilChannelPark(Frame frame, long linesIntoFunction) => frame.Function switch
    {
        "runtime.chansend" when linesIntoFunction is > 0 and <= 20 => new WaitState("chan send (nil chan)", StateClass.Waiting, Inferred: true),
        "runtime.chanrecv" when linesIntoFunction is > 0 and <= 20 => new WaitState("chan receive (nil chan)", StateClass.Waiting, Inferred: true),
        _ => null,
    };

    /// <summary>A goroutine that waits is parked in the runtime (gopark on top); one whose top frame is its own code was running.</summary>
    private static WaitState Unparked(Stack stack) =>
        stack.Frames.Count > 0 && !GoNames.IsRuntime(stack.Frames[0].Package)
            ? new WaitState("running", StateClass.Running, Inferred: true)
            : WaitState.Unknown;

    private static WaitState? NilChannelState(Stack stack, Dictionary<Frame, WaitState> nilChannelParks)
    {
        if (nilChannelParks.Count == 0)
            return null;
        foreach (var frame in stack.Frames)
            if (nilChannelParks.TryGetValue(frame, out var state))
                return state;
        return null;
    }
}
