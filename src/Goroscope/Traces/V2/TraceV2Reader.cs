namespace Goroscope.Traces.V2;

/// <summary>
/// Events of a Go 1.22+ trace in Go's order: one generation buffered at a time, each thread's batches walked by a
/// cursor, the cursor with the earliest next event advanced first unless the ordering says that event must wait.
/// </summary>
internal sealed class TraceV2Reader : ITraceEventSource
{
    private readonly GenerationReader _generations;
    private readonly Ordering _ordering;
    private readonly TraceStacks _stacks;
    private readonly List<BatchCursor> _frontier = [];
    private Generation? _generation;
    private Task<Generation?>? _prefetch;
    private int _nextSample;
    private int _syncs;
    private bool _done;

    public TraceV2Reader(TraceInput input, int version, TraceStacks stacks)
    {
        _generations = new GenerationReader(input, version);
        _stacks = stacks;
        _ordering = new Ordering(stacks);
    }

    public DateTimeOffset? Wall { get; private set; }

    public bool TryRead(out TraceEvent e)
    {
        try
        {
            return TryReadNext(out e);
        }
        catch (TraceFormatException broken) when (_generations.Deferred is { } cut && broken != cut)
        {
            // A generation read up to a break in the file misses its tables: say both what failed and why it may have.
            throw new TraceFormatException($"{broken.Message}; the file also breaks off after this generation: {cut.Message}");
        }
    }

    private bool TryReadNext(out TraceEvent e)
    {
        if (_ordering.TryDequeue(out e))
            return true;
        if (_done)
            return false;
        if (_generation is null || (_frontier.Count == 0 && _nextSample == _generation.CpuSamples.Count))
            return NextGeneration(out e);

        var samples = _generation.CpuSamples;
        if (_nextSample < samples.Count && (_frontier.Count == 0 || samples[_nextSample].Time < _frontier[0].Event.Time))
        {
            var sample = samples[_nextSample++];
            e = new TraceEvent(TraceEventKind.StackSample, _ordering.Stamp(sample.Time), sample.G, sample.P, sample.M)
            {
                Stack = _generation.ResolveStack(sample.Stack, _stacks),
            };
            return true;
        }
        if (!TryAdvance(0))
        {
            // Rare: the earliest event must wait for another thread's. Try the others in time order.
            _frontier.Sort((a, b) => a.Event.Time.CompareTo(b.Event.Time));
            var advanced = false;
            for (var i = 1; i < _frontier.Count && !advanced; i++)
                advanced = TryAdvance(i);
            if (!advanced)
                throw new TraceFormatException($"broken trace: no thread's next event can happen in generation {_generation.Number}; {Frontier()}");
        }
        if (!_ordering.TryDequeue(out e))
            throw new InvalidOperationException("an event advanced but none was queued");
        return true;
    }

    private bool TryAdvance(int index)
    {
        var cursor = _frontier[index];
        if (!_ordering.Advance(ref cursor.Event, _generation!, cursor.M, cursor.Thread))
            return false;
        if (cursor.Next(_generation!))
            SiftDown(SiftUp(index));
        else
            RemoveAt(index);
        return true;
    }

    private bool NextGeneration(out TraceEvent e)
    {
        _generation?.Release();
        var generation = _prefetch is null ? _generations.Next() : _prefetch.GetAwaiter().GetResult();
        // Read the next generation on the other core while this one is put in order; reading takes a fifth of the time.
        _prefetch = generation is null ? null : Task.Run(_generations.Next);
        _syncs++;
        if (generation is null)
        {
            _done = true;
            _generation = null;
            e = new TraceEvent(TraceEventKind.Sync, _ordering.Stamp(0), -1, -1, -1) { Value = (ulong)_syncs };
            return true;
        }
        _generation = generation;
        Wall ??= generation.Wall;
        _nextSample = 0;
        foreach (var m in generation.BatchThreads)
        {
            var cursor = new BatchCursor(m, generation.Batches[m], _ordering.Thread(m));
            if (cursor.Next(generation))
            {
                _frontier.Add(cursor);
                SiftUp(_frontier.Count - 1);
            }
        }
        e = new TraceEvent(TraceEventKind.Sync, _ordering.Stamp(generation.ToNanoseconds(generation.MinTimestamp)), -1, -1, -1) { Value = (ulong)_syncs };
        return true;
    }

    private string Frontier() => string.Join("; ", _frontier.Select(c => $"thread {c.M} waits with {EventSpec.Of(c.Event.Type)?.Name} at {c.Event.Time}"));

    private int SiftUp(int i)
    {
        while (i > 0 && _frontier[(i - 1) / 2].Event.Time > _frontier[i].Event.Time)
        {
            (_frontier[(i - 1) / 2], _frontier[i]) = (_frontier[i], _frontier[(i - 1) / 2]);
            i = (i - 1) / 2;
        }
        return i;
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var smallest = i;
            foreach (var child in (ReadOnlySpan<int>)[2 * i + 1, 2 * i + 2])
                if (child < _frontier.Count && _frontier[child].Event.Time < _frontier[smallest].Event.Time)
                    smallest = child;
            if (smallest == i)
                return;
            (_frontier[i], _frontier[smallest]) = (_frontier[smallest], _frontier[i]);
            i = smallest;
        }
    }

    private void RemoveAt(int i)
    {
        while (i > 0)
        {
            (_frontier[(i - 1) / 2], _frontier[i]) = (_frontier[i], _frontier[(i - 1) / 2]);
            i = (i - 1) / 2;
        }
        _frontier[0] = _frontier[^1];
        _frontier.RemoveAt(_frontier.Count - 1);
        if (_frontier.Count > 0)
            SiftDown(0);
    }
}
