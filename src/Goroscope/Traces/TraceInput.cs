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

    /// <summary>
    /// Everything left in the input, for a format that has to be read whole; <c>Data</c> may be longer than
    /// <c>Length</c>. A seekable stream is read into an array of the right size at once.
    /// </summary>
    public (byte[] Data, int Length) ReadToEnd()
    {
        var buffered = _end - _start;
        var expected = stream.CanSeek ? buffered + Math.Max(0, stream.Length - stream.Position) : buffered + _buffer.Length;
        if (expected > Array.MaxLength)
            throw new TraceFormatException($"the trace is too large to read whole ({expected} bytes; the limit is {Array.MaxLength})", Offset);
        var data = new byte[expected];
        _buffer.AsSpan(_start, buffered).CopyTo(data);
        var length = buffered;
        Span<byte> probe = stackalloc byte[1];
        while (true)
        {
            if (length == data.Length)
            {
                // Full: grow only if the stream has more.
                if (stream.Read(probe) == 0)
                    break;
                if (data.Length == Array.MaxLength)
                    throw new TraceFormatException($"the trace is too large to read whole (the limit is {Array.MaxLength} bytes)", Offset);
                Array.Resize(ref data, (int)Math.Min(2L * data.Length + 1, Array.MaxLength));
                data[length++] = probe[0];
            }
            var n = stream.Read(data, length, data.Length - length);
            if (n == 0)
                break;
            length += n;
        }
        _consumed += _start + length;
        _start = _end = 0;
        return (data, length);
    }

    private bool Fill()
    {
        _consumed += _end;
        _start = _end = 0;
        _end = stream.Read(_buffer, 0, _buffer.Length);
        return _end > 0;
    }
}
