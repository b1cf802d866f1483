namespace Goroscope.Sources;

/// <summary>Reads through to an inner stream, failing once more than a cap has passed, and reports progress.</summary>
internal sealed class CappedStream(Stream inner, long maxBytes, string source, Action<long>? progress = null) : Goroscope.Stacks.Readers.ReadOnlyStream
{
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = inner.Read(buffer);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            throw new SourceException($"reading {source} failed after {BytesRead:N0} bytes: {Describe(e)}", e);
        }
        BytesRead += n;
        if (BytesRead > maxBytes)
            throw new SourceException($"{source} is larger than the {Goroscope.Stacks.Sizes.Format(maxBytes)} cap");
        progress?.Invoke(BytesRead);
        return n;
    }

    internal static string Describe(Exception e) => e switch
    {
        TaskCanceledException or OperationCanceledException => "timed out",
        _ => (e.InnerException?.Message ?? e.Message).TrimEnd('.'),
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
