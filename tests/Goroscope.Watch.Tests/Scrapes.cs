using Goroscope.Analysis;
using Goroscope.Stacks.Readers;
using Goroscope.Tests;
using Goroscope.Watch.Scraping;
using Goroscope.Watch.Targets;

namespace Goroscope.Watch.Tests;

/// <summary>Scrape results for tests: synthetic buckets, or recorded profiles read as a live scrape reads them.</summary>
internal static class Scrapes
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static Target Target(string name = "svc") => Targets.Target.Parse($"{name}=http://127.0.0.1:6060");

    /// <summary>A user-code chan-send bucket, as a leak looks.</summary>
    public static BucketSample Leak(long count, long leaked = 0, string function = "main.handleRequest") =>
        new($"{function} main.go:385", "chan-send", "chan send", $"{function} main.go:385", InUserCode: true, Stuck: true,
            $"[chan send]\n{function}(...)\n\t/src/main.go:385\n", count, leaked);

    public static BucketSample HttpServer(long count) =>
        new("net/http.(*conn).serve server.go:2193", "io-wait", "IO wait", "net/http.(*conn).serve server.go:2193", InUserCode: false, Stuck: true,
            "[IO wait]\nnet/http.(*conn).serve(...)\n\t/go/src/net/http/server.go:2193\n", count, 0);

    public static ScrapeResult At(Target target, TimeSpan after, params BucketSample[] buckets) =>
        new(target, T0 + after, TimeSpan.FromMilliseconds(2), buckets.Sum(b => b.Count), buckets, null);

    public static ScrapeResult Failed(Target target, TimeSpan after) =>
        new(target, T0 + after, TimeSpan.FromSeconds(1), 0, [], "cannot fetch http://127.0.0.1:6060/debug/pprof/goroutine?debug=0: Connection refused");

    /// <summary>A recorded profile of testdata/dumps/go1.27, bucketed as a scrape buckets it.</summary>
    public static ScrapeResult Recorded(Target target, TimeSpan after, string dump, string? leakDump = null)
    {
        using var file = File.OpenRead(Paths.Dump("go1.27", dump));
        var result = Analyzer.Analyze(DumpReader.Read(file)[^1]);
        IReadOnlyDictionary<string, long>? leaked = null;
        if (leakDump is not null)
        {
            using var leakFile = File.OpenRead(Paths.Dump("go1.27", leakDump));
            leaked = BucketSample.LeakedByKey(Analyzer.Analyze(DumpReader.Read(leakFile)[^1]));
        }
        return new ScrapeResult(target, T0 + after, TimeSpan.FromMilliseconds(5), result.Goroutines, BucketSample.From(result, leaked), null);
    }

    public static string TempDatabase() => Path.Combine(Directory.CreateTempSubdirectory("goroscope-watch-").FullName, "watch.db");
}
