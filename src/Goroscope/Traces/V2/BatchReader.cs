using System.Text;

namespace Goroscope.Traces.V2;

/// <summary>Reads varints and bytes out of one batch; errors name the batch's place in the file.</summary>
internal ref struct BatchReader(Batch batch, int start)
{
    private readonly ReadOnlySpan<byte> _data = batch.Data;
    private int _position = start;

    public readonly bool AtEnd => _position >= _data.Length;

    public readonly int Position => _position;

    public byte Byte()
    {
        if (_position >= _data.Length)
            throw Broken("batch ends in the middle of an event");
        return _data[_position++];
    }

    public ulong Uvarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
                throw Broken("batch ends in the middle of a varint");
            var b = _data[_position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
                return value;
        }
        throw Broken("a varint overflows 64 bits");
    }

    public string Utf8(int length)
    {
        if (length > _data.Length - _position)
            throw Broken("batch ends in the middle of a string");
        var text = Encoding.UTF8.GetString(_data.Slice(_position, length));
        _position += length;
        return text;
    }

    public readonly TraceFormatException Broken(string message) =>
        new($"broken trace: {message} (batch of thread {batch.M} at byte {batch.Offset}, offset {_position} in the batch)");
}
