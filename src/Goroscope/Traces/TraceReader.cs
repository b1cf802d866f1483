using Goroscope.Traces.V1;
using Goroscope.Traces.V2;

namespace Goroscope.Traces;

internal interface ITraceEventSource
{
    bool TryRead(out TraceEvent e);

    /// <summary>Wall-clock time of the first clock snapshot, where the format has one.</summary>
    DateTimeOffset? Wall { get; }
}

/// <summary>
/// Reads a Go execution trace of any version Go has written since 1.11 as one stream of <see cref="TraceEvent"/>s,
/// in the order Go's own reader gives them. A Go 1.22+ trace streams: memory holds one generation, the live
/// goroutines and the distinct stacks, never the whole trace. The older format has no order of its own, so a
/// Go 1.11–1.21 trace is read and sorted whole when it opens (its bytes plus 24 bytes an event).
/// </summary>
public sealed class TraceReader
{
    private readonly ITraceEventSource _source;

    private TraceReader(int version, ITraceEventSource source, TraceStacks stacks)
    {
        Version = version;
        _source = source;
        Stacks = stacks;
    }

    /// <summary>The minor version of the header: 22 for `go 1.22 trace`.</summary>
    public int Version { get; }

    public TraceStacks Stacks { get; }

    public DateTimeOffset? Wall => _source.Wall;

    /// <summary>How many events have been read.</summary>
    public long EventCount { get; private set; }

    public static TraceReader Open(Stream stream)
    {
        var input = new TraceInput(stream);
        Span<byte> header = stackalloc byte[TraceHeader.Size];
        var read = 0;
        while (read < header.Length && input.ReadByte() is var b and >= 0)
            header[read++] = (byte)b;
        var version = TraceHeader.Parse(header[..read]);
        var stacks = new TraceStacks();
        ITraceEventSource source = TraceHeader.IsGenerational(version)
            ? new TraceV2Reader(input, version, stacks)
            : new TraceV1Reader(input, version, stacks);
        return new TraceReader(version, source, stacks);
    }

    public bool TryRead(out TraceEvent e)
    {
        if (!_source.TryRead(out e))
            return false;
        EventCount++;
        return true;
    }
}
