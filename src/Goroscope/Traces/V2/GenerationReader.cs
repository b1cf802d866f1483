namespace Goroscope.Traces.V2;

/// <summary>
/// Reads a trace one generation at a time, touching no state shared with the ordering, so that the next
/// generation can be read on another thread while the current one is put in order. Before Go 1.26 a generation ends where a batch of the next one begins
/// (that batch is kept for the next call); from Go 1.26 an EndOfGeneration byte closes each one.
/// </summary>
internal sealed class GenerationReader(TraceInput input, int version)
{
    private const int MaxBatchSize = 64 << 10;
    private const int MaxFramesPerStack = 128;
    private const int MaxStringSize = 1 << 10;
    private const byte NoExperiment = 0;

    private (Batch Batch, ulong Generation)? _spilled;
    private bool _done;
    private TraceFormatException? _deferred;

    /// <summary>Where reading broke off after the generation last returned; its errors may stem from that.</summary>
    public TraceFormatException? Deferred => _deferred;

    /// <summary>The next generation, or null at the end of the trace.</summary>
    public Generation? Next()
    {
        if (_deferred is not null)
            throw _deferred;
        if (_done)
            return null;
        var generation = new Generation();
        if (_spilled is var (spilledBatch, spilledGeneration))
        {
            _spilled = null;
            generation.Number = spilledGeneration;
            generation.MinTimestamp = spilledBatch.Time;
            Add(generation, spilledBatch);
        }
        var closed = false;
        while (true)
        {
            var start = input.Offset;
            if (input.AtEnd)
            {
                _done = true;
                break;
            }
            Batch? batch;
            ulong number;
            try
            {
                (batch, number) = ReadBatch(start);
            }
            catch (TraceFormatException e) when (version < 26 && generation.Number != 0)
            {
                // The next generation may start broken; Go's reader first gives what it has read so far, and so do we.
                _deferred = e;
                break;
            }
            if (batch is null)
            {
                if (version < 26)
                    throw new TraceFormatException("broken trace: an end-of-generation marker in a trace older than Go 1.26", start);
                if (generation.Number == 0 && generation.Batches.Count == 0 && generation.Strings.Count == 0 && generation.Stacks.Count == 0)
                    throw new TraceFormatException("broken trace: an end-of-generation marker with no generation before it", start);
                closed = true;
                break;
            }
            if (number == 0)
                throw new TraceFormatException("broken trace: invalid generation number 0", start);
            if (generation.Number == 0)
                generation.Number = number;
            if (version < 26 && number == generation.Number + 1)
            {
                _spilled = (batch, number);
                break;
            }
            if (number != generation.Number)
                throw new TraceFormatException(version < 26
                    ? $"broken trace: generations out of order (generation {number} inside generation {generation.Number})"
                    : "broken trace: missing end-of-generation event, or generations are interleaved", start);
            if (generation.MinTimestamp == 0 || batch.Time < generation.MinTimestamp)
                generation.MinTimestamp = batch.Time;
            Add(generation, batch);
        }
        if (generation.Number == 0)
            return null;
        if (version >= 26 && !closed)
            throw new TraceFormatException($"incomplete generation {generation.Number}: the trace ends before its end-of-generation marker; the file is likely truncated", input.Offset);
        if (generation.Frequency == 0)
            throw new TraceFormatException($"broken trace: generation {generation.Number} has no frequency event", input.Offset);
        if (version >= 25 && !generation.HasClockSnapshot)
            throw new TraceFormatException($"broken trace: generation {generation.Number} has no clock snapshot event", input.Offset);
        ValidateStacks(generation);
        generation.Compact();
        for (var i = 0; i < generation.CpuSamples.Count; i++)
            generation.CpuSamples[i] = generation.CpuSamples[i] with { Time = generation.ToNanoseconds((ulong)generation.CpuSamples[i].Time) };
        generation.CpuSamples.Sort((a, b) => a.Time.CompareTo(b.Time));
        return generation;
    }

    private (Batch? Batch, ulong Generation) ReadBatch(long start)
    {
        var header = input.ReadByte();
        if (header == (int)EventType.EndOfGeneration && version >= 26)
            return (null, 0);
        if (header != (int)EventType.EventBatch && header != (int)EventType.ExperimentalBatch)
            throw new TraceFormatException($"broken trace: expected the start of a batch, found event type {header}", start);
        var experiment = NoExperiment;
        if (header == (int)EventType.ExperimentalBatch)
        {
            var b = input.ReadByte();
            if (b < 0)
                throw new TraceFormatException("trace ends inside a batch header; the file is truncated", input.Offset);
            experiment = (byte)b;
        }
        var generation = input.ReadUvarint("batch generation");
        var m = (long)input.ReadUvarint("batch thread id");
        var time = input.ReadUvarint("batch timestamp");
        var size = input.ReadUvarint("batch size");
        if (size > MaxBatchSize)
            throw new TraceFormatException($"broken trace: batch size {size} is over the maximum {MaxBatchSize}", start);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)size);
        if (!input.ReadExactly(buffer.AsSpan(0, (int)size)))
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            throw new TraceFormatException($"trace ends inside a batch of {size} bytes; the file is truncated", start);
        }
        return (new Batch(m, time, buffer, (int)size, experiment, start), generation);
    }

    private void Add(Generation generation, Batch batch)
    {
        if (batch.Experiment != NoExperiment)
        {
            batch.Release(); // Experimental data (heap spans and objects) says nothing about goroutines.
            return;
        }
        switch (batch.First)
        {
            case EventType.Strings:
                ReadStrings(generation, batch);
                batch.Release();
                break;
            case EventType.Stacks:
                ReadStacks(generation, batch);
                batch.Release();
                break;
            case EventType.CPUSamples:
                ReadCpuSamples(generation, batch);
                batch.Release();
                break;
            case EventType.Frequency when version < 25:
            case EventType.Sync when version >= 25:
                ReadSync(generation, batch);
                batch.Release();
                break;
            default:
                if (!generation.Batches.TryGetValue(batch.M, out var batches))
                {
                    generation.Batches[batch.M] = batches = [];
                    generation.BatchThreads.Add(batch.M);
                }
                batches.Add(batch);
                break;
        }
    }

    private static void ReadStrings(Generation generation, Batch batch)
    {
        var reader = new BatchReader(batch, 1);
        while (!reader.AtEnd)
        {
            var type = reader.Byte();
            if (type != (byte)EventType.String)
                throw reader.Broken($"expected a string in a strings batch, found event type {type}");
            var id = reader.Uvarint();
            var length = reader.Uvarint();
            if (length > MaxStringSize)
                throw reader.Broken($"string {id} is {length} bytes, over the maximum {MaxStringSize}");
            var text = reader.Utf8((int)length);
            if (id == 0 || !generation.Strings.TryAdd(id, text))
                throw reader.Broken($"string id {id} is defined twice");
        }
    }

    private static void ReadStacks(Generation generation, Batch batch)
    {
        var reader = new BatchReader(batch, 1);
        while (!reader.AtEnd)
        {
            var type = reader.Byte();
            if (type != (byte)EventType.Stack)
                throw reader.Broken($"expected a stack in a stacks batch, found event type {type}");
            var id = reader.Uvarint();
            var count = reader.Uvarint();
            if (count > MaxFramesPerStack)
                throw reader.Broken($"stack {id} has {count} frames, over the maximum {MaxFramesPerStack}");
            var pcs = new ulong[count];
            for (var i = 0; i < pcs.Length; i++)
            {
                var pc = reader.Uvarint();
                var function = reader.Uvarint();
                var file = reader.Uvarint();
                var line = reader.Uvarint();
                pcs[i] = pc;
                generation.Frames.TryAdd(pc, (function, file, line));
            }
            if (id == 0 || !generation.Stacks.TryAdd(id, pcs))
                throw reader.Broken($"stack id {id} is defined twice");
        }
    }

    private static void ReadCpuSamples(Generation generation, Batch batch)
    {
        var reader = new BatchReader(batch, 1);
        while (!reader.AtEnd)
        {
            var type = reader.Byte();
            if (type != (byte)EventType.CPUSample)
                throw reader.Broken($"expected a CPU sample in a samples batch, found event type {type}");
            var time = reader.Uvarint();
            var m = (long)reader.Uvarint();
            var p = (long)reader.Uvarint();
            var g = reader.Uvarint();
            var stack = reader.Uvarint();
            // The time stays in ticks until the generation's frequency is known.
            generation.CpuSamples.Add(new CpuSample((long)time, m, p, g == 0 ? -1 : (long)g, stack));
        }
    }

    private void ReadSync(Generation generation, Batch batch)
    {
        var reader = new BatchReader(batch, version >= 25 ? 1 : 0);
        var last = batch.Time;
        while (!reader.AtEnd)
        {
            var type = reader.Byte();
            if (type == (byte)EventType.Frequency)
            {
                if (generation.Frequency != 0)
                    throw reader.Broken("a generation has two frequency events");
                var ticksPerSecond = reader.Uvarint();
                generation.Frequency = 1.0 / (ticksPerSecond / 1e9);
            }
            else if (type == (byte)EventType.ClockSnapshot && version >= 25)
            {
                if (generation.HasClockSnapshot)
                    throw reader.Broken("a generation has two clock snapshot events");
                generation.HasClockSnapshot = true;
                last += reader.Uvarint();
                reader.Uvarint(); // monotonic clock
                var seconds = reader.Uvarint();
                var nanoseconds = reader.Uvarint();
                generation.Wall = DateTimeOffset.FromUnixTimeSeconds((long)Math.Min(seconds, 253402300799)).AddTicks((long)(nanoseconds % 1_000_000_000) / 100);
            }
            else
            {
                throw reader.Broken($"expected a frequency or clock snapshot in a sync batch, found event type {type}");
            }
        }
    }

    private static void ValidateStacks(Generation generation)
    {
        foreach (var (id, pcs) in generation.Stacks)
            foreach (var pc in pcs)
            {
                var (function, file, _) = generation.Frames[pc];
                if (function != 0 && !generation.Strings.ContainsKey(function))
                    throw new TraceFormatException($"broken trace: stack {id} names function string {function}, which generation {generation.Number} does not define");
                if (file != 0 && !generation.Strings.ContainsKey(file))
                    throw new TraceFormatException($"broken trace: stack {id} names file string {file}, which generation {generation.Number} does not define");
            }
    }
}
