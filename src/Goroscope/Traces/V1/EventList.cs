using System.Runtime.CompilerServices;

namespace Goroscope.Traces.V1;

/// <summary>
/// One event of the sorted trace, 24 bytes and no references: its arguments stay in the trace bytes and are
/// decoded again from <see cref="Offset"/> when the event is converted.
/// </summary>
internal struct Event
{
    /// <summary>Ticks while the trace is merged, nanoseconds from the first event after.</summary>
    public long Time;

    /// <summary>
    /// The goroutine the event happened on, as its index in <see cref="V1Parser"/>'s table of goroutine ids
    /// (4 bytes where an id takes 8); index 0 is goroutine 0, none.
    /// </summary>
    public int G;

    /// <summary>Where the event starts in the trace bytes after the header.</summary>
    public int Offset;

    /// <summary>The proc, -1 for none, or one of the fake procs Go's parser moves timer, syscall and GC events to.</summary>
    public int P;

    /// <summary>The type, with the Local variants folded into their plain ones as the merge does.</summary>
    public EventType Type;

    /// <summary>For a GoSysCall: the goroutine's next event is GoSysBlock, so the syscall blocked.</summary>
    public bool SyscallBlocks;
}

[InlineArray(4)]
internal struct EventArgs
{
    private ulong _first;
}

/// <summary>An event with its arguments decoded (after the time delta; the stack id apart), as the merge needs them.</summary>
internal struct DecodedEvent
{
    public Event Event;

    /// <summary>The id of the goroutine the event happened on (<see cref="Event"/> has its index only once merged).</summary>
    public long G;

    public EventArgs Args;
    public uint Stack;
}

/// <summary>
/// All events of a trace in chunks of a fixed size, so growing never copies the whole list and a 100 MB trace
/// (tens of millions of events) costs 24 bytes an event, not an object each.
/// </summary>
internal sealed class EventList
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly List<Event[]> _chunks = [];

    public int Count { get; private set; }

    public ref Event this[int index] => ref _chunks[index >> ChunkBits][index & (ChunkSize - 1)];

    public void Add(in Event e)
    {
        if ((Count & (ChunkSize - 1)) == 0)
            _chunks.Add(new Event[ChunkSize]);
        this[Count++] = e;
    }
}
