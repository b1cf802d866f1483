using System.Buffers;

namespace Goroscope.Watch.Server;

/// <summary>
/// A request body in a buffer rented from the shared pool and returned when disposed, so a stream of push requests
/// reuses a few buffers instead of allocating each body anew. The limit is enforced while reading: a body is never
/// read beyond one byte more than the limit, and the buffer grows with what arrives, not to the limit.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private const int FirstSize = 64 << 10;
    private byte[]? _buffer;

    private PooledBody(byte[] buffer, int length) => (_buffer, Length) = (buffer, length);

    public int Length { get; }

    public ReadOnlySpan<byte> Span => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBody))).AsSpan(0, Length);

    /// <summary>The whole body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    /// <param name="expectedLength">Content-Length when given: the first buffer's size.</param>
    public static async Task<PooledBody?> ReadAsync(Stream body, long limit, long? expectedLength, CancellationToken cancel)
    {
        // One byte past the limit tells a body of exactly the limit from a longer one.
        var most = (int)Math.Min(limit + 1, Array.MaxLength);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(expectedLength is > 0 ? expectedLength.Value + 1 : FirstSize, most));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * buffer.Length, most));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await body.ReadAsync(buffer.AsMemory(length, (int)Math.Min(buffer.Length, most) - length), cancel);
                if (read == 0)
                    break;
                length += read;
                if (length > limit)
                    return null;
            }
            var whole = new PooledBody(buffer, length);
            buffer = null;
            return whole;
        }
        finally
        {
            if (buffer is not null)
                ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}
