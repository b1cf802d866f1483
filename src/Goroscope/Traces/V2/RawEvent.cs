using System.Runtime.CompilerServices;

namespace Goroscope.Traces.V2;

[InlineArray(5)]
internal struct EventArgs
{
    private ulong _first;
}

/// <summary>An event as a batch holds it: its type, its time in nanoseconds and its arguments after the time delta.</summary>
internal struct RawEvent
{
    public EventType Type;
    public long Time;
    public EventArgs Args;
}

/// <summary>Walks the batches of one thread in order, decoding one event at a time.</summary>
internal sealed class BatchCursor(long m, List<Batch> batches, Ordering.ThreadState? thread)
{
    public Ordering.ThreadState? Thread { get; } = thread;

    private int _batch;
    private int _offset;
    private long _lastTime;

    public long M { get; } = m;

    public RawEvent Event;

    // Arguments after the time delta of each timed event type; -1 for types that cannot appear in an event batch.
    private static readonly sbyte[] ArgumentCounts = Enumerable.Range(0, 256)
        .Select(t => EventSpec.Of((EventType)t) is { IsTimed: true } spec ? (sbyte)(spec.Args.Length - 1) : (sbyte)-1).ToArray();

    public bool Next(Generation generation)
    {
        while (_batch < batches.Count && _offset == batches[_batch].Length)
        {
            _batch++;
            _offset = 0;
            _lastTime = 0;
        }
        if (_batch == batches.Count)
            return false;
        var batch = batches[_batch];
        if (_lastTime == 0)
            _lastTime = generation.ToNanoseconds(batch.Time);
        ReadOnlySpan<byte> data = batch.Data;
        var position = _offset;
        var type = data[position++];
        var count = ArgumentCounts[type];
        if (count < 0)
            throw new BatchReader(batch, position).Broken(EventSpec.Of((EventType)type) is { } spec
                ? $"{spec.Name} event where only timed events may be"
                : $"unknown event type {type}");
        if (!TryUvarint(data, ref position, out var delta))
            throw new BatchReader(batch, position).Broken("batch ends in the middle of an event");
        for (var i = 0; i < count; i++)
        {
            if (!TryUvarint(data, ref position, out var argument))
                throw new BatchReader(batch, position).Broken("batch ends in the middle of an event");
            Event.Args[i] = argument;
        }
        Event.Type = (EventType)type;
        Event.Time = generation.ToNanoseconds(delta) + _lastTime;
        _lastTime = Event.Time;
        _offset = position;
        return true;
    }

    private static bool TryUvarint(ReadOnlySpan<byte> data, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && position < data.Length; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
                return true;
        }
        return false;
    }
}
