namespace Goroscope.Traces;

/// <summary>A forward-only buffered view of the trace bytes that knows its offset, for errors that say where the trace broke.</summary>
internal sealed class TraceInput(Stream stream)
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private long _consumed;

    /// <summary>Bytes read so far from the start of the input.</summary>
    public long Offset => _consumed + _start;

    public bool AtEnd => _start == _end && !Fill();

    public int ReadByte()
    {
        if (_start == _end && !Fill())
            return -1;
        return _buffer[_start++];
    }

    public ulong ReadUvarint(string what)
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            if (b < 0)
                throw new TraceFormatException($"trace ends inside the {what}; the file is truncated", Offset);
            if (shift == 63 && b > 1)
                throw new TraceFormatException($"the {what} overflows 64 bits", Offset);
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
                return value;
        }
        throw new TraceFormatException($"the {what} overflows 64 bits", Offset);
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes; false when the input ends first.</summary>
    public bool ReadExactly(Span<byte> destination)
    {
        while (destination.Length > 0)
        {
            if (_start == _end && !Fill())
                return false;
            var n = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(destination);
            _start += n;
            destination = destination[n..];
        }
        return true;
    }

    private bool Fill()
    {
        _consumed += _end;
        _start = _end = 0;
        _end = stream.Read(_buffer, 0, _buffer.Length);
        return _end > 0;
    }
}
