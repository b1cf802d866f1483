using System.Buffers.Text;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Goroscope.Stacks.Readers;

/// <summary>
/// Reads text tracebacks — `?debug=2`, runtime.Stack, panics, SIGQUIT and crash output, from Go 1.2 to 1.27 —
/// as a streaming state machine over lines:
/// <code>
///   Outside ──header──▶ Frames ──function line──▶ FileLine ──file line──▶ Frames
///   Frames ──created by──▶ CreatorFile ──file line──▶ Frames
///   Frames ──[originating from goroutine N]:──▶ Ancestor (its frames are skipped) ──blank──▶ Outside
///   any ──blank line──▶ Outside;  any ──header──▶ Frames of a new goroutine
///   Outside ──"runtime stack:"──▶ SystemStack (skipped) ──blank──▶ Outside
/// </code>
/// Text around and between goroutines (panic messages, register dumps, log lines) passes through. A header
/// may sit anywhere in a line (log prefixes, text glued before it); the prefix is then stripped from the
/// goroutine's other lines. When text outside any goroutine is followed by goroutine ids already seen, the
/// input holds a second dump, and a new <see cref="Snapshot"/> begins.
/// </summary>
public sealed class TracebackReader
{
    /// <summary>The pprof debug=2 handler stops writing at exactly this size (runtime/pprof writeGoroutineStacks).</summary>
    public const long PprofDumpCap = 64L << 20;

    private static ReadOnlySpan<byte> GoroutineWord => "goroutine "u8;

    private readonly Interner _interner = new();
    private readonly List<Frame> _frames = [];
    // The frames that printed a certain argument word, and those words: most frames print none (`0x0?`), so
    // nothing is kept per frame.
    private readonly List<(int Frame, string Words)> _certainArguments = [];
    private readonly List<Snapshot> _snapshots = [];
    private readonly LineReader _lines;

    private List<Goroutine> _goroutines = [];
    private HashSet<long>? _idsBeforeSegment; // built only once a second segment starts: dumps rarely have one
    private List<string> _warnings = [];
    private int _segmentStart;
    private bool _foreignTextSinceGoroutine;
    private int _skippedLinesInGoroutine;
    private int _orphanFrameLines;
    private bool _endsInPartialHeader; // the last line outside any goroutine began like a header
    private bool _endedByIndentation; // the last line, only the indentation of a file line, ended a goroutine

    private State _state = State.Outside;
    private readonly PendingGoroutine _pending = new(); // reused: one object per goroutine would be a third of a read's allocations
    private PendingGoroutine? _current; // _pending while a goroutine is being read
    private byte[] _prefix = [];
    // The function line waiting for its file line, as frame-cache key bytes: name, inlining mark, separator.
    private byte[] _frameKey = new byte[512];
    private int _functionKeyLength;
    private bool _pendingInlined;
    private string? _pendingArguments; // the pending function line's words, when one of them is certain

    private TracebackReader(Stream stream) => _lines = new LineReader(stream);

    private enum State { Outside, Frames, FileLine, CreatorFile, Ancestor, SystemStack }

    /// <summary>Reads every dump in the stream; the last snapshot is the most recent one.</summary>
    /// <exception cref="DumpReadException">The stream holds no goroutine header at all.</exception>
    public static IReadOnlyList<Snapshot> Read(Stream stream)
    {
        var reader = new TracebackReader(stream);
        reader.ReadAll();
        if (reader._snapshots.Count == 0)
            throw new DumpReadException("no goroutine found: the input has no `goroutine N [state]:` header");
        return reader._snapshots;
    }

    private void ReadAll()
    {
        while (_lines.TryReadLine(out var line))
            OnLine(line);
        // A goroutine always prints a frame or says its stack is unavailable: a header with nothing after it was cut.
        var cutMidGoroutine = _current is not null && (_state is State.FileLine or State.CreatorFile || _lines.LastLineUnterminated
            || _frames.Count == 0 && !_current.StackUnavailable && _current.ElidedFrames == 0);
        cutMidGoroutine |= _endedByIndentation && _lines.LastLineUnterminated;
        var cutInHeader = _current is null && _endsInPartialHeader && _lines.LastLineUnterminated;
        EndGoroutine();
        if (_lines.LinesCut > 0)
            _warnings.Add($"{_lines.LinesCut} line(s) longer than 1 MiB were cut: the input is probably not a text dump throughout");
        var atCap = _lines.BytesRead == PprofDumpCap;
        if (atCap)
        {
            _warnings.Add("the dump is exactly 64 MiB, the cap of the runtime's debug=2 handler: it was cut and later goroutines are missing");
            if (cutMidGoroutine && _goroutines.Count > 0)
            {
                // Its stack is a stub of the real one: as a bucket of its own it would only mislead.
                _warnings.Add($"goroutine {LastId()} was cut mid-stack and is left out");
                _goroutines.RemoveAt(_goroutines.Count - 1);
            }
        }
        else if (cutMidGoroutine)
            _warnings.Add($"the dump ends in the middle of goroutine {LastId()}: it was cut and later goroutines may be missing");
        else if (cutInHeader)
            _warnings.Add("the dump ends in the middle of a goroutine header: it was cut and later goroutines are missing");
        EndSnapshot(truncated: atCap || cutMidGoroutine || cutInHeader);
    }

    private long LastId() => _goroutines.Count > 0 ? _goroutines[^1].Id : 0;

    private void OnLine(ReadOnlySpan<byte> raw)
    {
        _endsInPartialHeader = false;
        _endedByIndentation = false;
        var line = StripPrefix(raw);
        var start = 0;
        while (start < line.Length && line[start] is (byte)' ' or (byte)'\t')
            start++;
        var text = line[start..];

        switch (_state)
        {
            case State.FileLine:
            case State.CreatorFile:
                if (TryReadFrame(text) is { } frame)
                {
                    if (_state == State.FileLine)
                        AddFrame(frame);
                    else
                        _current!.CreatedBy = frame;
                    _state = State.Frames;
                    return;
                }
                var bare = _interner.Frame(new Frame(PendingFunction(), "", 0) { Inlined = _pendingInlined });
                if (_state == State.FileLine)
                    AddFrame(bare);
                else
                    _current!.CreatedBy = bare;
                _current!.MissingFileLines++;
                _state = State.Frames;
                break; // the line is something else: read it as such
            case State.SystemStack:
                if (text.IsEmpty)
                    _state = State.Outside;
                return;
        }

        if (EndsWithColon(raw) && TryParseHeader(raw, out var header))
        {
            StartGoroutine(header);
            return;
        }

        if (text.IsEmpty)
        {
            _endedByIndentation = !line.IsEmpty && _current is not null;
            EndGoroutine();
            _state = State.Outside;
            return;
        }

        switch (_state)
        {
            case State.Ancestor:
                if (text.StartsWith("[originating from goroutine "u8))
                    AddAncestor(text);
                return; // an ancestor's creation frames say where it was made, not where this goroutine is
            case State.Frames:
                OnFrameLine(text);
                return;
            default:
                OnOutsideLine(text);
                return;
        }
    }

    private void OnFrameLine(ReadOnlySpan<byte> text)
    {
        if (text.StartsWith("created by "u8))
        {
            var creator = text["created by "u8.Length..];
            var inGoroutine = creator.IndexOf(" in goroutine"u8);
            if (inGoroutine >= 0)
            {
                if (Utf8Parser.TryParse(creator[(inGoroutine + " in goroutine"u8.Length)..].TrimStart(" "u8), out long parent, out _))
                    _current!.ParentId = parent;
                else
                    _current!.MalformedFrames++; // `in goroutine` without its number: the line was cut
                creator = creator[..inGoroutine];
            }
            SetPendingFunction(FunctionName(creator, out _, out _), inlined: false);
            _state = State.CreatorFile;
            FlushSkippedLines();
            return;
        }
        // The common line first: none of the runtime's other lines below ends in `)`.
        if (LooksLikeFunctionLine(text))
        {
            var name = FunctionName(text, out var inlined, out var arguments);
            SetPendingFunction(name, inlined);
            if (HasCertainWord(text, arguments.Length))
                _pendingArguments = _interner.String(arguments);
            _state = State.FileLine;
            FlushSkippedLines();
            return;
        }
        if (text.StartsWith("..."u8) && text.EndsWith("elided..."u8))
        {
            _current!.ElidedFrames = Utf8Parser.TryParse(text[3..], out int n, out _) ? n : -1;
            FlushSkippedLines();
            return;
        }
        if (text.StartsWith("[originating from goroutine "u8))
        {
            AddAncestor(text);
            _state = State.Ancestor;
            return;
        }
        if (text.StartsWith("goroutine running on other thread"u8))
        {
            _current!.StackUnavailable = true;
            return;
        }
        if (text.StartsWith("non-Go function"u8))
        {
            // cgo: the runtime cannot walk C frames; it prints this line (and `non-Go function at pc=`) instead.
            if (!text.StartsWith("non-Go function at"u8))
                AddFrame(_interner.Frame(new Frame("non-Go function", "", 0)));
            return;
        }
        if (text.StartsWith("----- stack segment boundary"u8))
            return;
        if (IsFileLine(text) && TryParseFileLine(text, out _, out _, out _))
        {
            // A file line where a function line should be: the function line before it was unreadable.
            _current!.MalformedFrames++;
            return;
        }
        // Not a frame: trailing text after the goroutine (exit status, FAIL lines) or a line another writer
        // interleaved. Which one shows only if frames follow, so hold the verdict.
        _skippedLinesInGoroutine++;
        _foreignTextSinceGoroutine = true;
    }

    private void FlushSkippedLines()
    {
        if (_skippedLinesInGoroutine == 0)
            return;
        _warnings.Add($"line {_lines.LineNumber}: {_skippedLinesInGoroutine} line(s) of other text interleaved in goroutine {_current!.Header.Id} were skipped");
        _skippedLinesInGoroutine = 0;
    }

    private void OnOutsideLine(ReadOnlySpan<byte> text)
    {
        _foreignTextSinceGoroutine = true;
        _endsInPartialHeader = _goroutines.Count > 0 && (text.StartsWith(GoroutineWord) || GoroutineWord.StartsWith(text));
        if (text.SequenceEqual("runtime stack:"u8))
        {
            _state = State.SystemStack;
            return;
        }
        if (_current is null && LooksLikeFunctionLine(text) && text.Contains((byte)'.'))
            _orphanFrameLines++;
    }

    private void AddAncestor(ReadOnlySpan<byte> text)
    {
        if (Utf8Parser.TryParse(text["[originating from goroutine "u8.Length..], out long id, out _))
            (_current!.AncestorIds ??= []).Add(id);
    }

    private void StartGoroutine(in Header header)
    {
        EndGoroutine();
        if (_foreignTextSinceGoroutine && _goroutines.Count > 0)
        {
            // Index the ids added since the last segment began, so that dumps with text between every goroutine stay linear.
            _idsBeforeSegment ??= [];
            for (var i = _segmentStart; i < _goroutines.Count; i++)
                _idsBeforeSegment.Add(_goroutines[i].Id);
            _segmentStart = _goroutines.Count;
        }
        // Goroutine 0 is each thread's system stack: crash output prints one per thread, so it repeats within one dump.
        if (header.Id != 0 && _idsBeforeSegment is not null && _idsBeforeSegment.Contains(header.Id))
            SplitSnapshotAtSegment();
        else if (header.Id != 0 && header.Id == FirstId())
            SplitSnapshotAt(_goroutines.Count); // a dump starts again with the goroutine that took the last one
        _foreignTextSinceGoroutine = false;
        _pending.Start(header);
        _current = _pending;
        _state = State.Frames;
    }

    /// <summary>Goroutines from the segment start on belong to a later dump that repeats ids of this one.</summary>
    private void SplitSnapshotAtSegment() => SplitSnapshotAt(_segmentStart);

    private void SplitSnapshotAt(int start)
    {
        var later = _goroutines.GetRange(start, _goroutines.Count - start);
        _goroutines.RemoveRange(start, later.Count);
        EndSnapshot(truncated: false);
        _goroutines = later;
        _segmentStart = 0;
        _idsBeforeSegment = null;
    }

    private long FirstId()
    {
        foreach (var g in _goroutines)
            if (g.Id != 0)
                return g.Id;
        return 0;
    }

    private void EndGoroutine()
    {
        if (_current is null)
            return;
        if (_state is State.FileLine)
            AddFrame(_interner.Frame(new Frame(PendingFunction(), "", 0) { Inlined = _pendingInlined }));
        var g = _current;
        if (g.MissingFileLines > 0)
            _warnings.Add($"goroutine {g.Header.Id}: {g.MissingFileLines} frame(s) without a file line");
        if (g.MalformedFrames > 0)
            _warnings.Add($"goroutine {g.Header.Id}: {g.MalformedFrames} malformed frame line(s) skipped");
        _goroutines.Add(new Goroutine
        {
            Id = g.Header.Id,
            ParentId = g.ParentId,
            State = g.Header.State,
            WaitMinutes = g.Header.Minutes,
            LockedToThread = g.Header.Locked,
            Leaked = g.Header.Leaked,
            Durable = g.Header.Durable,
            SyncTestBubble = g.Header.Bubble,
            Labels = g.Header.Labels,
            Stack = _frames.Count == 0 && g.ElidedFrames == 0 ? Stack.Empty : _interner.Stack(_frames, g.ElidedFrames),
            Arguments = _certainArguments.Count == 0 ? [] : _interner.ArgumentList(_certainArguments, _frames.Count),
            CreatedBy = g.CreatedBy,
            StackUnavailable = g.StackUnavailable,
            AncestorIds = g.AncestorIds is null ? [] : g.AncestorIds.ToArray(),
        });
        _frames.Clear();
        _certainArguments.Clear();
        _current = null;
        _skippedLinesInGoroutine = 0;
    }

    private void EndSnapshot(bool truncated)
    {
        if (_goroutines.Count == 0)
            return;
        if (_orphanFrameLines > 0)
            _warnings.Add($"{_orphanFrameLines} frame line(s) outside any goroutine were skipped");
        _snapshots.Add(new Snapshot
        {
            Format = DumpFormat.Traceback,
            Goroutines = _goroutines,
            IsLeakProfile = _goroutines.Any(g => g.Leaked),
            Truncated = truncated,
            UnattributedFrames = _orphanFrameLines,
            Warnings = _warnings,
        });
        _goroutines = [];
        _warnings = [];
        _orphanFrameLines = 0;
    }

    // ---- prefixes ------------------------------------------------------------------------------------

    /// <summary>
    /// Removes the header's prefix from a line of the same goroutine: the same text, or — for log prefixes
    /// whose timestamp changes from line to line — text of the same length with digits in the same places.
    /// </summary>
    private ReadOnlySpan<byte> StripPrefix(ReadOnlySpan<byte> line)
    {
        var prefix = _prefix.AsSpan();
        if (prefix.IsEmpty || _current is null)
            return line;
        if (line.StartsWith(prefix))
            return line[prefix.Length..];
        if (line.Length >= prefix.Length && SameShape(line[..prefix.Length], prefix))
            return line[prefix.Length..];
        return line;
    }

    private static bool SameShape(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var digits = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var da = (uint)(a[i] - '0') <= 9;
            if (da != ((uint)(b[i] - '0') <= 9) || (!da && a[i] != b[i]))
                return false;
            if (da)
                digits++;
        }
        return digits > 0;
    }

    // ---- headers -------------------------------------------------------------------------------------

    private readonly record struct Header(long Id, WaitState State, int Minutes, bool Locked, bool Leaked, bool Durable, long Bubble, IReadOnlyList<KeyValuePair<string, string>> Labels);

    /// <summary>`goroutine 7 [chan receive, 3 minutes, locked to thread]:`, with Go 1.22+ `gp= m= mp=` and 1.27 `{labels}`.</summary>
    private bool TryParseHeader(ReadOnlySpan<byte> raw, out Header header)
    {
        header = default;
        var at = raw.IndexOf(GoroutineWord);
        if (at < 0)
            return false;
        var rest = raw[(at + GoroutineWord.Length)..];
        if (!Utf8Parser.TryParse(rest, out long id, out var idLength) || idLength == 0)
            return false;
        rest = rest[idLength..];
        if (rest.IsEmpty || rest[0] != (byte)' ')
            return false;
        rest = rest[1..];
        if (rest.StartsWith("gp="u8))
        {
            var bracket = rest.IndexOf((byte)'[');
            if (bracket < 0)
                return false;
            rest = rest[bracket..];
        }
        if (rest.IsEmpty || rest[0] != (byte)'[')
            return false;
        var close = rest.IndexOf("]"u8);
        if (close < 0)
            return false;
        var status = rest[1..close];
        var after = rest[(close + 1)..].TrimEnd(" \t"u8);
        if (after.IsEmpty || after[^1] != (byte)':')
            return false;
        after = after[..^1].Trim(" "u8);
        IReadOnlyList<KeyValuePair<string, string>> labels = [];
        if (!after.IsEmpty)
        {
            if (after[0] != (byte)'{' || after[^1] != (byte)'}')
                return false;
            labels = LabelParser.Parse(after[1..^1], _interner);
        }

        var minutes = 0;
        var locked = false;
        long bubble = 0;
        var comma = status.IndexOf(", "u8);
        var reason = comma < 0 ? status : status[..comma];
        for (var more = comma < 0 ? default : status[(comma + 2)..]; !more.IsEmpty;)
        {
            var next = more.IndexOf(", "u8);
            var item = next < 0 ? more : more[..next];
            if (item.EndsWith(" minutes"u8) && Utf8Parser.TryParse(item, out int m, out _))
                minutes = m;
            else if (item.SequenceEqual("locked to thread"u8))
                locked = true;
            else if (item.StartsWith("synctest bubble "u8))
                Utf8Parser.TryParse(item["synctest bubble "u8.Length..], out bubble, out _);
            more = next < 0 ? default : more[(next + 2)..];
        }
        var leaked = StripSuffix(ref reason, " (leaked)"u8);
        var durable = StripSuffix(ref reason, " (durable)"u8);
        StripSuffix(ref reason, " (scan)"u8);
        leaked |= StripSuffix(ref reason, " (leaked)"u8);

        _prefix = raw[..at].ToArray();
        header = new Header(id, _interner.WaitState(reason), minutes, locked, leaked, durable, bubble, labels);
        return true;
    }

    /// <summary>Every header ends with a colon; checking that first keeps the header search off frame lines.</summary>
    private static bool EndsWithColon(ReadOnlySpan<byte> line)
    {
        var end = line.Length - 1;
        while (end >= 0 && line[end] is (byte)' ' or (byte)'\t')
            end--;
        return end >= 0 && line[end] == (byte)':';
    }

    private static bool StripSuffix(ref ReadOnlySpan<byte> text, ReadOnlySpan<byte> suffix)
    {
        if (!text.EndsWith(suffix))
            return false;
        text = text[..^suffix.Length];
        return true;
    }

    // ---- frames --------------------------------------------------------------------------------------

    /// <summary>`pkg.(*T).M(0x1, {0x2, 0x3}, ...)`, `main.f(...)` for inlined calls, and Go 1.2's `main.func·001()`.</summary>
    private static bool LooksLikeFunctionLine(ReadOnlySpan<byte> text) =>
        text.Length > 2 && text[^1] == (byte)')' && text.IndexOf((byte)'(') > 0 && text.IndexOf(": "u8) < 0;

    /// <summary>The function name without its argument list; `(...)` marks an inlined call, which has no argument words.</summary>
    private static ReadOnlySpan<byte> FunctionName(ReadOnlySpan<byte> text, out bool inlined, out ReadOnlySpan<byte> arguments)
    {
        inlined = false;
        arguments = default;
        text = text.TrimEnd(" "u8);
        if (text.IsEmpty || text[^1] != (byte)')')
            return text;
        // Argument lists hold no parentheses, so the last '(' opens them even in `pkg.(*T).M[...](...)`.
        var open = text.LastIndexOf((byte)'(');
        if (open <= 0)
            return text;
        arguments = text[(open + 1)..^1];
        inlined = arguments.SequenceEqual("..."u8);
        if (inlined)
            arguments = default;
        return text[..open];
    }

    private void AddFrame(Frame frame)
    {
        _frames.Add(frame);
        if (_pendingArguments is null)
            return;
        _certainArguments.Add((_frames.Count - 1, _pendingArguments));
        _pendingArguments = null;
    }

    /// <summary>
    /// Whether the words hold one printed without `?`: register arguments (Go 1.18+) are mostly `0x0?`, stale
    /// values that say nothing, and keeping only certain words keeps the model as small as it was without them.
    /// </summary>
    /// <param name="line">A function line: it ends in the `)` that closes the words.</param>
    /// <param name="length">How many bytes the words take before that `)`.</param>
    /// <remarks>
    /// Every word is printed `0x…` and only an uncertain word is followed by `?`, so a certain word is there when
    /// the `x`s outnumber the `?`s. Nearly every function line has its words in its last 16 bytes: one vector
    /// compare then counts both, the bytes before the words masked off — it runs on every frame of a dump.
    /// </remarks>
    private static bool HasCertainWord(ReadOnlySpan<byte> line, int length)
    {
        var end = line.Length - 1;
        var width = Vector128<byte>.Count;
        if (length > width || end < width)
        {
            var words = line.Slice(end - length, length);
            return words.Count((byte)'x') > words.Count((byte)'?');
        }
        var tail = Vector128.Create(line.Slice(end - width, width));
        var inWords = (uint)ushort.MaxValue << (width - length) & ushort.MaxValue;
        var xs = Vector128.Equals(tail, Vector128.Create((byte)'x')).ExtractMostSignificantBits() & inWords;
        var questionMarks = Vector128.Equals(tail, Vector128.Create((byte)'?')).ExtractMostSignificantBits() & inWords;
        return BitOperations.PopCount(xs) > BitOperations.PopCount(questionMarks);
    }

    private void SetPendingFunction(ReadOnlySpan<byte> name, bool inlined)
    {
        EnsureKeyCapacity(name.Length + 2);
        name.CopyTo(_frameKey);
        _frameKey[name.Length] = inlined ? (byte)1 : (byte)0;
        _frameKey[name.Length + 1] = 0;
        _functionKeyLength = name.Length + 2;
        _pendingInlined = inlined;
    }

    private string PendingFunction() => _interner.String(_frameKey.AsSpan(0, _functionKeyLength - 2));

    private void EnsureKeyCapacity(int length)
    {
        if (_frameKey.Length < length)
            Array.Resize(ref _frameKey, Math.Max(length, _frameKey.Length * 2));
    }

    /// <summary>The frame of the pending function line and this file line, or null when the line is no file line.</summary>
    private Frame? TryReadFrame(ReadOnlySpan<byte> text)
    {
        var frameInfo = text.IndexOf(" fp="u8); // crash dumps: the frame pointers differ per goroutine
        var location = frameInfo >= 0 ? text[..frameInfo] : text;
        EnsureKeyCapacity(_functionKeyLength + location.Length);
        location.CopyTo(_frameKey.AsSpan(_functionKeyLength));
        var key = _frameKey.AsSpan(0, _functionKeyLength + location.Length);
        if (_interner.FrameByText(key, out var hash) is { } known)
            return known;
        if (!TryParseFileLine(location, out var file, out var line, out var offset))
            return null;
        var frame = _interner.Frame(new Frame(PendingFunction(), file, line) { Offset = offset, Inlined = _pendingInlined });
        _interner.AddFrameByText(key, hash, frame);
        return frame;
    }

    /// <summary>
    /// A path with a line number, as file lines are: `/src/pkg/file.go:123 …`, `<autogenerated>:1`, `C:/x/y.go:5`,
    /// `pkg/file.go:7`. Other tools' lines that end in one (`#0 0x5c1eb0 in runtime.raise /src/x.s:149`) hold spaces
    /// before the path.
    /// </summary>
    private static bool IsFileLine(ReadOnlySpan<byte> text)
    {
        var end = text.IndexOf(" +0x"u8);
        var location = end < 0 ? text : text[..end];
        return location.Length > 3 && (location[0] is (byte)'/' or (byte)'<' || location[1] == (byte)':' || location.IndexOf((byte)' ') < 0)
            && (location.IndexOf(".go:"u8) > 0 || location.IndexOf(".s:"u8) > 0 || location[0] == (byte)'<');
    }

    /// <summary>`/src/pkg/file.go:123 +0x1a fp=0x… sp=0x… pc=0x…`, `<autogenerated>:1`, `C:/x/y.go:5`.</summary>
    private bool TryParseFileLine(ReadOnlySpan<byte> text, out string file, out int line, out int offset)
    {
        file = "";
        line = 0;
        offset = -1;
        var location = text;
        var suffixAt = text.IndexOf(" +0x"u8);
        if (suffixAt >= 0)
        {
            location = text[..suffixAt];
            var hex = text[(suffixAt + 4)..];
            if (Utf8Parser.TryParse(hex, out uint value, out _, 'x'))
                offset = (int)Math.Min(value, int.MaxValue);
        }
        else
        {
            var frameInfo = text.IndexOf(" fp="u8);
            if (frameInfo >= 0)
                location = text[..frameInfo];
        }
        location = location.TrimEnd(" "u8);
        var colon = location.LastIndexOf((byte)':');
        if (colon <= 0 || colon == location.Length - 1)
            return false;
        if (!Utf8Parser.TryParse(location[(colon + 1)..], out line, out var digits) || digits != location.Length - colon - 1)
            return false;
        var path = location[..colon];
        if (path.IndexOf(": "u8) >= 0 || path[^1] == (byte)')')
            return false;
        file = _interner.String(path);
        return true;
    }

    private sealed class PendingGoroutine
    {
        public Header Header { get; private set; }
        public long ParentId { get; set; }
        public Frame? CreatedBy { get; set; }
        public int ElidedFrames { get; set; }
        public bool StackUnavailable { get; set; }
        public int MissingFileLines { get; set; }
        public int MalformedFrames { get; set; }
        public List<long>? AncestorIds { get; set; }

        public void Start(in Header header)
        {
            Header = header;
            ParentId = 0;
            CreatedBy = null;
            ElidedFrames = 0;
            StackUnavailable = false;
            MissingFileLines = 0;
            MalformedFrames = 0;
            AncestorIds = null;
        }
    }
}
