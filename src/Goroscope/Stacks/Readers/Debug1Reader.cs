using System.Buffers.Text;

namespace Goroscope.Stacks.Readers;

/// <summary>
/// Reads `?debug=1` goroutine profiles (`goroutine profile: total N`, and Go 1.26+'s `goroutineleak profile:`):
/// records of `count @ pc…`, an optional `# labels: {…}` line and `#\tpc\tfunc+0xoff\tfile:line` frame lines
/// (tabwriter output: fields are separated by runs of tabs). The runtime hides the leading runtime frames here,
/// so a channel wait and a select look alike: such records get the state `chan or select`.
/// </summary>
public static class Debug1Reader
{
    public const string ChanOrSelect = "chan or select";

    public static Snapshot Read(Stream stream)
    {
        var lines = new LineReader(stream);
        var interner = new Interner();
        var goroutines = new List<Goroutine>();
        var warnings = new List<string>();
        var frames = new List<Frame>();
        long? total = null;
        var leakProfile = false;
        long count = 0;
        var inRecord = false;
        var pcCount = 0;
        IReadOnlyList<KeyValuePair<string, string>> labels = [];

        void EndRecord()
        {
            if (!inRecord)
                return;
            var stack = interner.Stack(frames, 0);
            goroutines.Add(new Goroutine
            {
                State = InferState(stack.Frames, pcCount),
                Stack = stack,
                Count = count,
                Labels = labels,
                Leaked = leakProfile,
            });
            frames.Clear();
            labels = [];
            inRecord = false;
        }

        while (lines.TryReadLine(out var line))
        {
            if (total is null)
            {
                if (line.IsEmpty)
                    continue;
                if (!TryParseTotal(line, out var declared, out leakProfile))
                    throw new DumpReadException($"line {lines.LineNumber}: expected `goroutine profile: total N`");
                total = declared;
                continue;
            }
            if (line.IsEmpty)
            {
                EndRecord();
                continue;
            }
            if (line[0] == (byte)'#')
            {
                if (!inRecord)
                {
                    warnings.Add($"line {lines.LineNumber}: a `#` line outside any record was skipped");
                    continue;
                }
                var body = line[1..].TrimStart(" \t"u8);
                if (body.StartsWith("labels:"u8))
                {
                    var set = body["labels:"u8.Length..].Trim(" "u8);
                    if (set.Length >= 2 && set[0] == (byte)'{' && set[^1] == (byte)'}')
                        labels = LabelParser.Parse(set[1..^1], interner);
                    continue;
                }
                if (TryParseFrame(body, interner, out var frame))
                    frames.Add(frame);
                continue;
            }
            EndRecord();
            var at = line.IndexOf(" @"u8);
            if (at < 0 || !Utf8Parser.TryParse(line[..at], out count, out var digits) || digits != at)
            {
                warnings.Add($"line {lines.LineNumber}: not a `count @ pc…` record line; skipped");
                continue;
            }
            pcCount = line[(at + 2)..].Count((byte)'x');
            inRecord = true;
        }
        if (total is null)
            throw new DumpReadException("the input is empty");
        var truncated = inRecord && lines.LastLineUnterminated;
        EndRecord();
        var sum = goroutines.Sum(g => g.Count);
        if (sum != total)
            warnings.Add($"the profile declares {total} goroutines but its records hold {sum}");
        if (truncated)
            warnings.Add("the profile ends mid-record: it was cut");
        return new Snapshot
        {
            Format = DumpFormat.Debug1,
            Goroutines = goroutines,
            DeclaredTotal = total,
            IsLeakProfile = leakProfile,
            Truncated = truncated || sum < total,
            Warnings = warnings,
        };
    }

    internal static bool TryParseTotal(ReadOnlySpan<byte> line, out long total, out bool leakProfile)
    {
        total = 0;
        leakProfile = line.StartsWith("goroutineleak profile: total "u8);
        var prefix = leakProfile ? "goroutineleak profile: total "u8 : "goroutine profile: total "u8;
        return line.StartsWith(prefix) && Utf8Parser.TryParse(line[prefix.Length..], out total, out _);
    }

    /// <summary>`0x4b1f2e\tmain.worker+0x4e\t/src/main.go:42`; a bare `0x4b1f2e` is a pc without symbols.</summary>
    private static bool TryParseFrame(ReadOnlySpan<byte> body, Interner interner, out Frame frame)
    {
        frame = null!;
        var pcEnd = body.IndexOfAny(" \t"u8);
        if (pcEnd < 0)
        {
            frame = interner.Frame(new Frame("?", "", 0));
            return true;
        }
        var rest = body[pcEnd..].TrimStart(" \t"u8);
        var nameEnd = rest.IndexOfAny(" \t"u8);
        if (nameEnd < 0)
            return false;
        var name = rest[..nameEnd];
        var location = rest[nameEnd..].Trim(" \t"u8);
        var offset = -1;
        var plus = name.LastIndexOf("+0x"u8);
        if (plus > 0)
        {
            if (Utf8Parser.TryParse(name[(plus + 3)..], out uint value, out _, 'x'))
                offset = (int)Math.Min(value, int.MaxValue);
            name = name[..plus];
        }
        var colon = location.LastIndexOf((byte)':');
        var line = 0;
        if (colon > 0 && Utf8Parser.TryParse(location[(colon + 1)..], out line, out _))
            location = location[..colon];
        frame = interner.Frame(new Frame(interner.String(name), interner.String(location), line) { Offset = offset });
        return true;
    }

    /// <summary>
    /// debug=1 hides the runtime frames at the top of each stack, so the frames tell a sleep, a lock or network
    /// I/O, but not a channel wait from a select: when runtime frames were hidden (more pcs than frames shown)
    /// and nothing else tells, the goroutine waits on a channel or in a select.
    /// </summary>
    private static WaitState InferState(IReadOnlyList<Frame> frames, int pcCount)
    {
        if (WaitStateInference.FromFrames(frames) is { } inferred)
            return inferred;
        if (frames.Count > 0 && frames[0].Function.StartsWith("runtime.", StringComparison.Ordinal))
            return WaitState.Unknown;
        return pcCount > frames.Count ? new WaitState(ChanOrSelect, StateClass.Waiting, Inferred: true) : WaitState.Unknown;
    }
}
