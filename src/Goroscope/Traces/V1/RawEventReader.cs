namespace Goroscope.Traces.V1;

/// <summary>
/// Decodes one event at a time from the bytes of a Go 1.11–1.21 trace (everything after the header), at any
/// position: a type byte whose top two bits count the inline arguments (3 meaning length-prefixed), then
/// base-128 values. String entries and user-log messages carry bytes of their own.
/// </summary>
internal sealed class RawEventReader(byte[] data, int length, int version)
{
    // Go's reader rejects length-prefixed arguments longer than this, and strings longer than a million bytes.
    private const int MaxArgBytes = 2048;
    private const int MaxStringLength = 1_000_000;

    private readonly ulong[] _args = new ulong[MaxArgBytes];

    /// <summary>Where the next event starts, counted from the end of the header.</summary>
    public int Position { get; set; }

    /// <summary>Where the event just read starts.</summary>
    public int Start { get; private set; }

    public EventType Type { get; private set; }

    public ReadOnlySpan<ulong> Args => _args.AsSpan(0, ArgCount);

    public int ArgCount { get; private set; }

    /// <summary>The text of a string entry; with <see cref="Type"/> String, the id is <c>Args[0]</c>.</summary>
    public string Text { get; private set; } = "";

    /// <summary>
    /// Reads the event at <see cref="Position"/>; false at the end of the data. <paramref name="skip"/> passes
    /// over arguments and strings without keeping them (CPU samples keep theirs), as Go's first pass does.
    /// </summary>
    public bool Next(bool skip)
    {
        if (Position >= length)
            return false;
        Start = Position;
        var b = data[Position++];
        var type = (EventType)(b & 0x3f);
        // One more than the wire's count: the time delta is read like the first argument.
        var inlineArgs = (b >> 6) + 1;
        if (!EventSpec.Exists(type, version))
            throw Broken($"unknown event type {(int)type}");
        Type = type;
        ArgCount = 0;
        Text = "";
        switch (type)
        {
            case EventType.String:
                ReadString(skip);
                break;
            case EventType.Batch:
                if (inlineArgs != 2)
                    throw Broken($"EvBatch has wrong number of arguments: got {inlineArgs}, want 2");
                var pid = Value("batch proc");
                if (pid != ulong.MaxValue && pid > int.MaxValue)
                    throw Broken($"processor ID {pid} is larger than maximum of {int.MaxValue}");
                Add(pid);
                Add(Value("batch time"));
                break;
            case var _ when inlineArgs <= 3:
                for (var i = 0; i < inlineArgs; i++)
                    Add(Value("event argument"));
                break;
            default:
                ReadLengthPrefixed(skip && type != EventType.CPUSample);
                if (type == EventType.UserLog)
                    Text = ReadBytes(Value("log message length"), "log message", MaxStringLength, skip);
                break;
        }
        return true;
    }

    public TraceFormatException Broken(string message) => new($"broken trace: {message}", TraceHeader.Size + Start);

    private void ReadString(bool skip)
    {
        var id = Value("string id");
        var size = Value("string length");
        if (!skip)
        {
            if (id == 0)
                throw Broken("string has invalid id 0");
            if (size == 0)
                throw Broken("string has invalid length 0");
        }
        Add(id);
        Text = ReadBytes(size, "string", MaxStringLength, skip);
    }

    private void ReadLengthPrefixed(bool skip)
    {
        var size = Value("argument length");
        if (size > MaxArgBytes)
            throw Broken($"length-prefixed arguments too big: {size} bytes, limit is {MaxArgBytes}");
        var end = Take(size, "arguments");
        if (skip)
        {
            Position = end;
            return;
        }
        while (Position < end)
        {
            var value = Uvarint(end);
            if (value is not { } v)
                throw Broken("malformed base-128 varint in the arguments");
            Add(v);
        }
    }

    private string ReadBytes(ulong size, string what, int limit, bool skip)
    {
        if (!skip && size > (ulong)limit)
            throw Broken($"{what} is too large (length {size})");
        var start = Position;
        Position = Take(size, what);
        return skip ? "" : System.Text.Encoding.UTF8.GetString(data, start, Position - start);
    }

    /// <summary>The end of the next <paramref name="size"/> bytes, which must all be there.</summary>
    private int Take(ulong size, string what)
    {
        if (size > (ulong)(length - Position))
            throw Truncated(what);
        return Position + (int)size;
    }

    private ulong Value(string what) =>
        Uvarint(length) ?? throw (Position >= length ? Truncated(what) : Broken($"malformed base-128 varint in the {what}"));

    private TraceFormatException Truncated(string what) => new($"trace ends inside the {what}; the file is truncated", TraceHeader.Size + Start);

    private void Add(ulong value) => _args[ArgCount++] = value;

    /// <summary>A base-128 value ending before <paramref name="end"/>; null when it does not, or overflows 64 bits (as Go's binary.Uvarint).</summary>
    private ulong? Uvarint(int end)
    {
        ulong value = 0;
        for (var shift = 0; Position < end; shift += 7)
        {
            var b = data[Position++];
            if (shift == 63 && b > 1)
                return null;
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
                return value;
        }
        return null;
    }
}
