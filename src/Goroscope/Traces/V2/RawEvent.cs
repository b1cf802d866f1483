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

    public bool Next(Generation generation)
    {
        while (_batch < batches.Count && _offset == batches[_batch].Data.Length)
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
        var reader = new BatchReader(batch, _offset);
        var type = (EventType)reader.Byte();
        var spec = EventSpec.Of(type);
        if (spec is null)
            throw reader.Broken($"unknown event type {(byte)type}");
        if (!spec.IsTimed)
            throw reader.Broken($"{spec.Name} event where only timed events may be");
        var delta = reader.Uvarint();
        for (var i = 0; i < spec.Args.Length - 1; i++)
            Event.Args[i] = reader.Uvarint();
        Event.Type = type;
        Event.Time = generation.ToNanoseconds(delta) + _lastTime;
        _lastTime = Event.Time;
        _offset = reader.Position;
        return true;
    }
}
