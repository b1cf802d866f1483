using Goroscope.Watch.Server;

namespace Goroscope.Watch.Tests;

/// <summary>Push request bodies read into pooled buffers, the --max-bytes limit enforced while reading.</summary>
public class PooledBodyTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(300_000L)]
    public async Task BodyOfExactlyTheLimit_IsReadWhole(long? contentLength)
    {
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        using var body = await PooledBody.ReadAsync(new MemoryStream(bytes), 300_000, contentLength, CancellationToken.None);

        Assert.NotNull(body);
        Assert.Equal(bytes, body.Span.ToArray());
    }

    [Fact]
    public async Task EndlessBody_IsReadOneBytePastTheLimitAndNoFurther()
    {
        var endless = new EndlessStream();
        var body = await PooledBody.ReadAsync(endless, 1_000_000, null, CancellationToken.None);

        Assert.Null(body);
        Assert.Equal(1_000_001, endless.Served);
    }

    [Fact]
    public async Task ContentLengthThatLies_DoesNotLetMoreIn()
    {
        var endless = new EndlessStream();
        var body = await PooledBody.ReadAsync(endless, 100_000, expectedLength: 10, CancellationToken.None);

        Assert.Null(body);
        Assert.Equal(100_001, endless.Served);
    }

    /// <summary>A client that never stops sending.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Served += count;
            return count;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
