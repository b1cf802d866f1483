using Goroscope.Analysis.Ignore;
using Goroscope.Traces.Analysis;
using Goroscope.Traces.Timelines;

namespace Goroscope.Traces.Attribution;

/// <summary>A test and the buckets of goroutines it left behind, after ignore rules.</summary>
public sealed record LeakingTest(string Test, IReadOnlyList<TraceSuspect> Buckets)
{
    public long Goroutines => Buckets.Sum(b => b.Bucket.Count);
}

/// <summary>What one package's traced test run leaked, test by test.</summary>
public sealed record PackageLeaks(string Package, int ExitCode, IReadOnlyList<string> Tests, IReadOnlyList<string> Failed, bool Traced, IReadOnlyList<LeakingTest> Leaks)
{
    /// <summary>Attributes the goroutines alive at the end of the package's trace and buckets each test's share.</summary>
    public static IReadOnlyList<LeakingTest> Find(Timeline timeline, IReadOnlyList<string> testsInRunOrder, IgnoreRules ignore)
    {
        var (leaks, _) = TestAttribution.Attribute(timeline, testsInRunOrder);
        return [.. leaks
            .Select(leak => new LeakingTest(leak.Test, [.. TraceAnalysis.Of(timeline, leak.Goroutines).Buckets
                .Where(s => s.Bucket.Pattern.Id != "runtime-internal" && ignore.Match(s.Bucket) is null)]))
            .Where(t => t.Buckets.Count > 0)];
    }
}
