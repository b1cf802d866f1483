using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Goroscope.Analysis;
using Goroscope.Stacks.Readers;
using Goroscope.Watch.Scraping;
using Goroscope.Watch.Targets;

namespace Goroscope.Watch.Push;

/// <summary>
/// Turns pushed goroutine profiles into the results a scrape gives, so they are stored and judged the same way.
/// A scrape fetches goroutineleak and goroutine together; Alloy pushes them apart, each on its own schedule, so a
/// target's last goroutineleak profile is remembered and applied to its goroutine profiles pushed within
/// <see cref="LeakProfileLife"/> after it.
/// </summary>
/// <param name="maxBytes">The most a raw profile may expand to when gunzipped: a small gzip bomb is refused, not read.</param>
internal sealed class PushedScrapes(long maxBytes)
{
    /// <summary>Four of Alloy's default 15 s scrape intervals: a leak profile older than this says nothing about now.</summary>
    public static readonly TimeSpan LeakProfileLife = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (DateTimeOffset Time, IReadOnlyDictionary<string, long> Leaked)> _leaked = new();

    /// <summary>
    /// Reads every profile first (a request with one that is no goroutine profile is refused whole), then remembers
    /// the leak profiles and returns one result per goroutine profile.
    /// </summary>
    /// <exception cref="PushException">A raw profile is not a pprof goroutine profile.</exception>
    public IReadOnlyList<ScrapeResult> Read(IReadOnlyList<PushedProfile> profiles, DateTimeOffset now)
    {
        var read = profiles.Select(p =>
        {
            var clock = Stopwatch.StartNew();
            var result = Analyze(p);
            return (Profile: p, Took: clock.Elapsed, Result: result);
        }).ToList();
        foreach (var (profile, _, result) in read.Where(r => r.Profile.Kind == PushedKind.GoroutineLeak))
            _leaked[profile.Target] = (now, BucketSample.LeakedByKey(result));
        return [.. read.Where(r => r.Profile.Kind == PushedKind.Goroutine).Select(r =>
        {
            var leaked = _leaked.TryGetValue(r.Profile.Target, out var known) && now - known.Time <= LeakProfileLife ? known.Leaked : null;
            return new ScrapeResult(Target.Pushed(r.Profile.Target, r.Profile.Labels), now, r.Took, r.Result.Goroutines,
                BucketSample.From(r.Result, leaked), null);
        })];
    }

    /// <summary>Forgets a target's leak profile (the target is no longer pushed).</summary>
    public void Forget(string target) => _leaked.TryRemove(target, out _);

    private AnalysisResult Analyze(PushedProfile profile)
    {
        try
        {
            using var raw = MemoryMarshal.TryGetArray(profile.Raw, out var bytes)
                ? new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false)
                : new MemoryStream(profile.Raw.ToArray(), writable: false);
            return Analyzer.Analyze(DumpReader.Read(raw, maxBytes)[^1]);
        }
        catch (DumpReadException e)
        {
            throw new PushException($"{profile.Target}: the {(profile.Kind == PushedKind.Goroutine ? "goroutine" : "goroutineleak")} profile cannot be read: {e.Message}", e);
        }
    }
}
