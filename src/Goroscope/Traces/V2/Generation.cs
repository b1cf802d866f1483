namespace Goroscope.Traces.V2;

/// <summary>
/// One batch of events as the runtime flushed it: all from one thread (M), unparsed past its header. Its bytes
/// live in a pooled buffer, returned once the batch has been read, so a long trace reuses a few megabytes.
/// </summary>
internal sealed class Batch(long m, ulong time, byte[] buffer, int length, byte experiment, long offset)
{
    public long M { get; } = m;
    public ulong Time { get; } = time;
    public byte Experiment { get; } = experiment;
    public long Offset { get; } = offset;
    public int Length { get; } = length;

    public ReadOnlySpan<byte> Data => buffer.AsSpan(0, Length);

    public EventType First => Length > 0 ? (EventType)buffer[0] : EventType.None;

    public void Release() => System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
}

internal readonly record struct CpuSample(long Time, long M, long P, long G, ulong Stack);

/// <summary>
/// Everything a generation holds apart from its events' order: its batches by thread, strings, stacks, CPU
/// samples and clock. A generation spans about a second of run time, so holding one at a time keeps memory
/// bounded however long the trace is.
/// </summary>
internal sealed class Generation
{
    public ulong Number { get; set; }
    public Dictionary<long, List<Batch>> Batches { get; } = [];
    public List<long> BatchThreads { get; } = [];
    public List<CpuSample> CpuSamples { get; } = [];
    public Dictionary<ulong, string> Strings { get; } = [];
    public Dictionary<ulong, ulong[]> Stacks { get; } = [];
    public Dictionary<ulong, (ulong Function, ulong File, ulong Line)> Frames { get; } = [];
    public ulong MinTimestamp { get; set; }

    /// <summary>Nanoseconds per timestamp tick.</summary>
    public double Frequency { get; set; }

    public bool HasClockSnapshot { get; set; }

    /// <summary>Wall-clock time of the clock snapshot (Go 1.25+), for reports that say when the trace was taken.</summary>
    public DateTimeOffset? Wall { get; set; }

    /// <summary>Gives the event batches' buffers back to the pool once every event has been read.</summary>
    public void Release()
    {
        foreach (var batches in Batches.Values)
            foreach (var batch in batches)
                batch.Release();
        Batches.Clear();
    }

    // Go converts with float64 arithmetic and a truncating conversion; so do we, so times agree to the nanosecond.
    public long ToNanoseconds(ulong timestamp) => (long)(timestamp * Frequency);

    // Stack and string ids are dense from 1: once the generation is read, lookups index arrays (-1: not resolved yet).
    private int[] _resolvedStacks = [];
    private string?[] _denseStrings = [];
    private int[] _stringIds = [];

    /// <summary>Makes lookups by id array indexing, as Go's reader compacts its tables.</summary>
    public void Compact()
    {
        var maxStack = Stacks.Count == 0 ? 0 : Stacks.Keys.Max();
        if (maxStack <= (ulong)Stacks.Count * 2)
        {
            _resolvedStacks = new int[maxStack + 1];
            Array.Fill(_resolvedStacks, -1);
        }
        var maxString = Strings.Count == 0 ? 0 : Strings.Keys.Max();
        if (maxString <= (ulong)Strings.Count * 2)
        {
            _denseStrings = new string?[maxString + 1];
            foreach (var (id, text) in Strings)
                _denseStrings[id] = text;
            _stringIds = new int[maxString + 1];
            Array.Fill(_stringIds, -1);
        }
    }

    /// <summary>The trace-wide id of this generation's stack <paramref name="id"/>.</summary>
    public int ResolveStack(ulong id, TraceStacks stacks)
    {
        if (id == 0)
            return 0;
        if (id < (ulong)_resolvedStacks.Length && _resolvedStacks[id] >= 0)
            return _resolvedStacks[id];
        if (!Stacks.TryGetValue(id, out var pcs))
            throw new TraceFormatException($"broken trace: an event names stack {id}, which generation {Number} does not define");
        var resolved = stacks.Intern(pcs, pc =>
        {
            var (function, file, line) = Frames[pc];
            return stacks.FrameFor(pc, ResolveString(function), ResolveString(file), line);
        });
        if (id < (ulong)_resolvedStacks.Length)
            _resolvedStacks[id] = resolved;
        return resolved;
    }

    /// <summary>The <see cref="TraceStrings"/> id of this generation's string <paramref name="id"/>.</summary>
    public int ResolveStringId(ulong id)
    {
        if (id < (ulong)_stringIds.Length && _stringIds[id] >= 0)
            return _stringIds[id];
        var resolved = TraceStrings.Id(ResolveString(id));
        if (id < (ulong)_stringIds.Length)
            _stringIds[id] = resolved;
        return resolved;
    }

    public string ResolveString(ulong id)
    {
        if (id == 0)
            return "";
        if (id < (ulong)_denseStrings.Length && _denseStrings[id] is { } dense)
            return dense;
        if (!Strings.TryGetValue(id, out var text))
            throw new TraceFormatException($"broken trace: an event names string {id}, which generation {Number} does not define");
        return text;
    }
}
