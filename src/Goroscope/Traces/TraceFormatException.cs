namespace Goroscope.Traces;

/// <summary>The input is no trace, a trace of a version we do not read, or a trace broken at <see cref="Offset"/>.</summary>
public sealed class TraceFormatException(string message, long offset = -1) : Exception(offset >= 0 ? $"{message} (at byte {offset})" : message)
{
    public long Offset { get; } = offset;
}
