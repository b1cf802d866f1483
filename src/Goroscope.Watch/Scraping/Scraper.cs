using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Goroscope.Analysis;
using Goroscope.Stacks;
using Goroscope.Stacks.Readers;
using Goroscope.Watch.Targets;

namespace Goroscope.Watch.Scraping;

/// <summary>What one scrape of one target gave: its buckets, or the one-line reason it failed.</summary>
public sealed record ScrapeResult(Target Target, DateTimeOffset Time, TimeSpan Duration, long Total, IReadOnlyList<BucketSample> Buckets, string? Error)
{
    public bool Ok => Error is null;
}

/// <summary>
/// Fetches goroutine profiles in their cheap form: the gzipped pprof proto (`debug=0`), plus the Go 1.26+
/// `goroutineleak` profile while the target serves it. The full `debug=2` text, which is bigger and stops the
/// world longer, only on request (<see cref="DetailAsync"/>), when a bucket turns suspicious.
/// </summary>
public sealed class Scraper : IDisposable
{
    private readonly HttpClient _http;
    private readonly long _maxBytes;
    private readonly TimeSpan _timeout;

    /// <summary>Targets that answered 404 for goroutineleak: older Go, or a build without the experiment.</summary>
    private readonly ConcurrentDictionary<string, bool> _noLeakProfile = new();

    public Scraper(TimeSpan timeout, long maxBytes)
    {
        _timeout = timeout;
        _maxBytes = maxBytes;
        // One client for every target: connections are kept alive between scrapes instead of opened anew.
        _http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<ScrapeResult> ScrapeAsync(Target target, CancellationToken cancel)
    {
        var time = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        try
        {
            IReadOnlyDictionary<string, long>? leaked = null;
            if (!_noLeakProfile.ContainsKey(target.Name))
            {
                // Fetched first: a Go 1.27 runtime then also marks the leaked goroutines in the profile that follows.
                var leakProfile = await FetchAsync(target.Profile("debug/pprof/goroutineleak?debug=0"), cancel, notFoundIsNull: true);
                if (leakProfile is null)
                    _noLeakProfile[target.Name] = true;
                else
                    leaked = BucketSample.LeakedByKey(Analyzer.Analyze(leakProfile));
            }
            var profile = await FetchAsync(target.Profile("debug/pprof/goroutine?debug=0"), cancel, notFoundIsNull: false);
            var result = Analyzer.Analyze(profile!);
            return new ScrapeResult(target, time, clock.Elapsed, result.Goroutines, BucketSample.From(result, leaked), null);
        }
        catch (ScrapeException e)
        {
            return new ScrapeResult(target, time, clock.Elapsed, 0, [], e.Message);
        }
    }

    /// <summary>The debug=2 dump's buckets: real wait states, minutes waited, creators, full paths.</summary>
    public async Task<IReadOnlyList<BucketSample>> DetailAsync(Target target, CancellationToken cancel)
    {
        var dump = await FetchAsync(target.Profile("debug/pprof/goroutine?debug=2"), cancel, notFoundIsNull: false);
        return BucketSample.From(Analyzer.Analyze(dump!));
    }

    private async Task<Snapshot?> FetchAsync(Uri uri, CancellationToken cancel, bool notFoundIsNull)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(_timeout);
        var body = new MemoryStream();
        try
        {
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
                return null;
            if (!response.IsSuccessStatusCode)
                throw new ScrapeException($"{uri} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            if (response.Content.Headers.ContentLength > _maxBytes)
                throw new ScrapeException($"{uri} sent more than the {Sizes.Format(_maxBytes)} cap");
            await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = await stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                body.Write(buffer, 0, n);
                if (body.Length > _maxBytes)
                    throw new ScrapeException($"{uri} sent more than the {Sizes.Format(_maxBytes)} cap");
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException && !cancel.IsCancellationRequested)
        {
            var why = e is OperationCanceledException ? $"no complete answer within {GoDuration.Format(_timeout)}" : OneLine(e);
            throw new ScrapeException($"cannot fetch {uri}: {why}", e);
        }
        body.Position = 0;
        try
        {
            return DumpReader.Read(body)[^1];
        }
        catch (DumpReadException e)
        {
            throw new ScrapeException($"{uri}: {e.Message}", e);
        }
    }

    private static string OneLine(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is { } inner)
            innermost = inner;
        return innermost.Message.ReplaceLineEndings(" ").TrimEnd('.');
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A scrape failed; the message is one line naming the URL and the reason.</summary>
public sealed class ScrapeException(string message, Exception? inner = null) : Exception(message, inner);
