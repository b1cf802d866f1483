using System.Net;
using Goroscope.Config;
using Goroscope.Sources;
using Goroscope.Stacks;

namespace Goroscope.Live;

/// <summary>
/// The one way Goroscope fetches from a live process: a GET with one deadline for headers and body alike (a
/// target that stalls mid-body must not hang the tool), a cap on the bytes taken, and failures as one line.
/// The caller's cancellation (the user's Ctrl-C) comes back as <see cref="OperationCanceledException"/>; the
/// deadline passing is a <see cref="SourceException"/> that says so — the two are never confused.
/// One client serves many requests and keeps connections alive between them.
/// </summary>
public sealed class PprofClient(TimeSpan timeout, long maxBytes) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    /// <summary>The whole body in memory.</summary>
    public async Task<MemoryStream> GetAsync(Uri uri, CancellationToken cancel, Action<long, long?>? progress = null) =>
        await TryGetAsync(uri, cancel, progress) ?? throw NotFound(uri);

    /// <summary>The whole body in memory, or null when the target answers 404 (a profile it does not serve).</summary>
    public async Task<MemoryStream?> TryGetAsync(Uri uri, CancellationToken cancel, Action<long, long?>? progress = null)
    {
        var body = new MemoryStream();
        if (!await CopyAsync(uri, body, TimeSpan.Zero, cancel, progress))
            return null;
        body.Position = 0;
        return body;
    }

    /// <summary>
    /// Copies the body to <paramref name="sink"/>, allowing <paramref name="extra"/> beyond the timeout (a trace
    /// answers only once recorded). False, with nothing copied, when the target answers 404.
    /// </summary>
    public async Task<bool> CopyAsync(Uri uri, Stream sink, TimeSpan extra, CancellationToken cancel, Action<long, long?>? progress = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout + extra);
        try
        {
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return false;
            if (!response.IsSuccessStatusCode)
                throw new SourceException($"{uri} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            var length = response.Content.Headers.ContentLength;
            if (length > maxBytes)
                throw TooLarge(uri);
            await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
            var buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = await stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                total += n;
                if (total > maxBytes)
                    throw TooLarge(uri);
                await sink.WriteAsync(buffer.AsMemory(0, n), deadline.Token);
                progress?.Invoke(total, length);
            }
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException && !cancel.IsCancellationRequested)
        {
            var why = e is OperationCanceledException ? $"no complete answer within {GoDuration.Format(timeout + extra)}" : OneLine(e);
            throw new SourceException($"cannot fetch {uri}: {why}", e);
        }
    }

    /// <summary>The one-line failure for a 404 where the profile is required.</summary>
    public static SourceException NotFound(Uri uri) => new($"{uri} answered 404 Not Found");

    private SourceException TooLarge(Uri uri) => new($"{uri} sent more than the {Sizes.Format(maxBytes)} cap");

    private static string OneLine(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is { } inner)
            innermost = inner;
        return innermost.Message.ReplaceLineEndings(" ").TrimEnd('.');
    }

    public void Dispose() => _http.Dispose();
}
