using System.Buffers.Text;

namespace Goroscope.Stacks.Readers;

/// <summary>
/// Reads `?debug=1` goroutine profiles (`goroutine profile: total N`, and Go 1.26+'s `goroutineleak profile:`):
/// records of `count @ pc…`, an optional `# labels: {…}` line and `#\tpc\tfunc+0xoff\tfile:line` frame lines
/// (tabwriter output: fields are separated by runs of tabs). Each `total` line starts another profile.
/// <para>
/// The runtime leaves out the runtime frames at the top of each stack here. When the first frame shown is not
/// the first pc of the record, such frames were there: the goroutine is parked in the runtime, and unless a
/// shown frame tells more (time.Sleep, sync, network I/O), on a channel or in a select — which the format cannot
/// tell apart, so such records get the state `chan or select`. When it is the first pc, nothing was hidden and
/// the goroutine was running.
/// </para>
/// </summary>
public sealed class Debug1Reader
{
    public const string ChanOrSelect = "chan or select";

    private readonly Interner _interner = new();
    private readonly List<Snapshot> _snapshots = [];
    private readonly List<Frame> _frames = [];
    private List<Goroutine> _goroutines = [];
    private List<string> _warnings = [];
    private long? _total;
    private bool _leakProfile;

    private bool _inRecord;
    private long _count;
    private ulong _firstPc;
    private ulong _firstFramePc;
    private IReadOnlyList<KeyValuePair<string, string>> _labels = [];

    private Debug1Reader()
    {
    }

    /// <summary>Reads every profile in the stream; the last is the most recent.</summary>
    public static IReadOnlyList<Snapshot> Read(Stream stream)
    {
        var reader = new Debug1Reader();
        reader.ReadAll(new LineReader(stream));
        return reader._snapshots;
    }

    private void ReadAll(LineReader lines)
    {
        while (lines.TryReadLine(out var line))
        {
            if (TryParseTotal(line, out var declared, out var leakProfile))
            {
                EndProfile(truncated: false);
                (_total, _leakProfile) = (declared, leakProfile);
                continue;
            }
            if (_total is null)
            {
                if (line.IsEmpty)
                    continue;
                throw new DumpReadException($"line {lines.LineNumber}: expected `goroutine profile: total N`");
            }
            if (line.IsEmpty)
            {
                EndRecord();
                continue;
            }
            if (line[0] == (byte)'#')
            {
                OnHashLine(line[1..].TrimStart(" \t"u8), lines.LineNumber);
                continue;
            }
            EndRecord();
            StartRecord(line, lines.LineNumber);
        }
        if (_total is null)
            throw new DumpReadException("the input is empty");
        EndProfile(truncated: _inRecord && lines.LastLineUnterminated);
    }

    private void StartRecord(ReadOnlySpan<byte> line, int lineNumber)
    {
        var at = line.IndexOf(" @"u8);
        if (at < 0 || !Utf8Parser.TryParse(line[..at], out _count, out var digits) || digits != at)
        {
            _warnings.Add($"line {lineNumber}: not a `count @ pc…` record line; skipped");
            return;
        }
        var pcs = line[(at + 2)..].TrimStart(" "u8);
        var end = pcs.IndexOf((byte)' ');
        _firstPc = ParseHex(end < 0 ? pcs : pcs[..end]);
        _firstFramePc = 0;
        _inRecord = true;
    }

    private void OnHashLine(ReadOnlySpan<byte> body, int lineNumber)
    {
        if (!_inRecord)
        {
            _warnings.Add($"line {lineNumber}: a `#` line outside any record was skipped");
            return;
        }
        if (body.StartsWith("labels:"u8))
        {
            var set = body["labels:"u8.Length..].Trim(" "u8);
            if (set.Length >= 2 && set[0] == (byte)'{' && set[^1] == (byte)'}')
                _labels = LabelParser.Parse(set[1..^1], _interner);
            return;
        }
        if (TryParseFrame(body, lineNumber, out var frame, out var pc))
        {
            if (_frames.Count == 0)
                _firstFramePc = pc;
            _frames.Add(frame);
        }
        else
            _warnings.Add($"line {lineNumber}: a malformed frame line (no file:line after the function) was skipped");
    }

    private void EndRecord()
    {
        if (!_inRecord)
            return;
        var stack = _interner.Stack(_frames, 0);
        // Frame lines print pc-1 (the call instruction), the record line the return address.
        var runtimeFramesHidden = _firstFramePc + 1 != _firstPc && _firstFramePc != _firstPc;
        _goroutines.Add(new Goroutine
        {
            State = InferState(stack.Frames, runtimeFramesHidden),
            Stack = stack,
            Count = _count,
            Labels = _labels,
            Leaked = _leakProfile,
        });
        _frames.Clear();
        _labels = [];
        _inRecord = false;
    }

    private void EndProfile(bool truncated)
    {
        EndRecord();
        if (_total is not { } total)
            return;
        var sum = _goroutines.Sum(g => g.Count);
        if (sum != total)
            _warnings.Add($"the profile declares {total} goroutines but its records hold {sum}");
        if (truncated)
            _warnings.Add("the profile ends mid-record: it was cut");
        _snapshots.Add(new Snapshot
        {
            Format = DumpFormat.Debug1,
            Goroutines = _goroutines,
            DeclaredTotal = total,
            IsLeakProfile = _leakProfile,
            Truncated = truncated || sum < total,
            Warnings = _warnings,
        });
        _goroutines = [];
        _warnings = [];
        _total = null;
    }

    internal static bool TryParseTotal(ReadOnlySpan<byte> line, out long total, out bool leakProfile)
    {
        total = 0;
        leakProfile = line.StartsWith("goroutineleak profile: total "u8);
        var prefix = leakProfile ? "goroutineleak profile: total "u8 : "goroutine profile: total "u8;
        return line.StartsWith(prefix) && Utf8Parser.TryParse(line[prefix.Length..], out total, out _);
    }

    /// <summary>`0x4b1f2e\tmain.worker+0x4e\t/src/main.go:42`; a bare `0x4b1f2e` is a pc without symbols.</summary>
    private bool TryParseFrame(ReadOnlySpan<byte> body, int lineNumber, out Frame frame, out ulong pc)
    {
        frame = null!;
        var pcEnd = body.IndexOfAny(" \t"u8);
        pc = ParseHex(pcEnd < 0 ? body : body[..pcEnd]);
        if (pcEnd < 0)
        {
            frame = _interner.Frame(new Frame("?", "", 0));
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
        if (colon > 0 && Utf8Parser.TryParse(location[(colon + 1)..], out line, out var digits) && digits == location.Length - colon - 1)
            location = location[..colon];
        else
            _warnings.Add($"line {lineNumber}: a frame line whose file has no line number (cut or malformed) was read without one");
        frame = _interner.Frame(new Frame(_interner.String(name), _interner.String(location), line) { Offset = offset });
        return true;
    }

    private static ulong ParseHex(ReadOnlySpan<byte> text)
    {
        if (text.StartsWith("0x"u8))
            text = text[2..];
        return Utf8Parser.TryParse(text, out ulong value, out _, 'x') ? value : 0;
    }

    private static WaitState InferState(IReadOnlyList<Frame> frames, bool runtimeFramesHidden)
    {
        if (WaitStateInference.FromFrames(frames) is { } inferred)
            return inferred;
        if (frames.Count == 0)
            return WaitState.Unknown;
        return runtimeFramesHidden
            ? new WaitState(ChanOrSelect, StateClass.Waiting, Inferred: true)
            : new WaitState("running", StateClass.Running, Inferred: true);
    }
}
