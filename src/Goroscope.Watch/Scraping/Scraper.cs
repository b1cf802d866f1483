using System.Collections.Concurrent;
using System.Diagnostics;
using Goroscope.Analysis;
using Goroscope.Live;
using Goroscope.Sources;
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
internal sealed class Scraper(TimeSpan timeout, long maxBytes) : IDisposable
{
    // One client for every target: connections are kept alive between scrapes instead of opened anew.
    private readonly PprofClient _client = new(timeout, maxBytes);

    /// <summary>Targets that answered 404 for goroutineleak: older Go, or a build without the experiment.</summary>
    private readonly ConcurrentDictionary<string, bool> _noLeakProfile = new();

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
                var leakProfile = await FetchAsync(target.Endpoint.GoroutineLeak(0), cancel, notFoundIsNull: true);
                if (leakProfile is null)
                    _noLeakProfile[target.Name] = true;
                else
                    leaked = BucketSample.LeakedByKey(Analyzer.Analyze(leakProfile));
            }
            var profile = await FetchAsync(target.Endpoint.Goroutine(0), cancel, notFoundIsNull: false);
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
        var dump = await FetchAsync(target.Endpoint.Goroutine(2), cancel, notFoundIsNull: false);
        return BucketSample.From(Analyzer.Analyze(dump!));
    }

    private async Task<Snapshot?> FetchAsync(Uri uri, CancellationToken cancel, bool notFoundIsNull)
    {
        try
        {
            using var body = notFoundIsNull ? await _client.TryGetAsync(uri, cancel) : await _client.GetAsync(uri, cancel);
            return body is null ? null : DumpReader.Read(body)[^1];
        }
        catch (SourceException e)
        {
            throw new ScrapeException(e.Message, e);
        }
        catch (DumpReadException e)
        {
            throw new ScrapeException($"{uri}: {e.Message}", e);
        }
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>A scrape failed; the message is one line naming the URL and the reason.</summary>
internal sealed class ScrapeException(string message, Exception? inner = null) : Exception(message, inner);
