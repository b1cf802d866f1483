namespace Goroscope.Stacks.Readers;

/// <summary>
/// Splits a stream into lines without decoding it: each line is a span into a reused buffer, valid until the
/// next call. `\r\n` and `\n` both end a line. A line longer than the cap is cut, and <see cref="LinesCut"/> says so.
/// </summary>
internal sealed class LineReader(Stream stream, int bufferSize = 1 << 20)
{
    private const int MaxLineLength = 1 << 20;
    private byte[] _buffer = new byte[bufferSize];
    private int _start;
    private int _end;
    private bool _eof;

    public int LineNumber { get; private set; }

    public long BytesRead { get; private set; }

    public int LinesCut { get; private set; }

    /// <summary>True when the last line returned had no line terminator (the input ended mid-line).</summary>
    public bool LastLineUnterminated { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = TrimCarriageReturn(pending[..newline]);
                _start += newline + 1;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (pending.IsEmpty)
                {
                    line = default;
                    return false;
                }
                line = TrimCarriageReturn(pending);
                _start = _end;
                LineNumber++;
                LastLineUnterminated = true;
                return true;
            }
            if (pending.Length >= MaxLineLength)
            {
                // A runaway line (binary data, a minified blob): hand out its head and drop the rest.
                line = pending[..MaxLineLength];
                SkipToNextLine();
                LineNumber++;
                LinesCut++;
                return true;
            }
            Fill();
        }
    }

    private void SkipToNextLine()
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start += newline + 1;
                return;
            }
            _start = _end = 0;
            if (_eof)
                return;
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
            Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
            _eof = true;
        _end += read;
        BytesRead += read;
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
