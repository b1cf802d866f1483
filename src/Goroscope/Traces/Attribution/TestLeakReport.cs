using Goroscope.Analysis.Ignore;
using Goroscope.Sources;
using Goroscope.Traces.Analysis;
using Goroscope.Traces.Timelines;

namespace Goroscope.Traces.Attribution;

/// <summary>A test and the buckets of goroutines it left behind, after ignore rules.</summary>
public sealed record LeakingTest(string Test, IReadOnlyList<TraceSuspect> Buckets)
{
    public long Goroutines => Buckets.Sum(b => b.Bucket.Count);
}

/// <summary>What one package's traced test run leaked, test by test.</summary>
/// <param name="Crash">The panic or fatal error that ended the test binary early (then there are no leaks to tell), or null.</param>
public sealed record PackageLeaks(string Package, int ExitCode, IReadOnlyList<string> Tests, IReadOnlyList<string> Failed, bool Traced, IReadOnlyList<LeakingTest> Leaks, string? Crash = null)
{
    /// <summary>
    /// The leaks of one package's run: none when its binary did not run, and none but the crash when it panicked —
    /// every goroutine is still alive when a test binary dies, so the end of its trace says nothing about leaks.
    /// </summary>
    public static PackageLeaks Of(PackageTestRun run, IgnoreRules ignore)
    {
        if (run.Trace is null)
            return new PackageLeaks(run.Package, run.ExitCode, run.Tests, run.Failed, Traced: false, []);
        if (run.ExitCode != 0 && run.Crash is not null)
            return new PackageLeaks(run.Package, run.ExitCode, run.Tests, run.Failed, Traced: false, [], run.Crash);
        Timeline timeline;
        try
        {
            using var file = File.OpenRead(run.Trace);
            timeline = Timeline.Read(TraceReader.Open(file));
        }
        catch (TraceFormatException) when (run.ExitCode != 0)
        {
            // os.Exit or a kill from outside: the binary ended without a panic message and before its trace did.
            return new PackageLeaks(run.Package, run.ExitCode, run.Tests, run.Failed, Traced: false, [], "the test binary stopped before its trace was complete (os.Exit or a signal)");
        }
        return new PackageLeaks(run.Package, run.ExitCode, run.Tests, run.Failed, Traced: true, Find(timeline, run.Tests, ignore));
    }

    /// <summary>Attributes the goroutines alive at the end of the package's trace and buckets each test's share.</summary>
    private static IReadOnlyList<LeakingTest> Find(Timeline timeline, IReadOnlyList<string> testsInRunOrder, IgnoreRules ignore)
    {
        var (leaks, _) = TestAttribution.Attribute(timeline, testsInRunOrder);
        return [.. leaks
            .Select(leak => new LeakingTest(leak.Test, [.. TraceAnalysis.Of(timeline, leak.Goroutines).Buckets
                .Where(s => s.Bucket.Pattern.Id != "runtime-internal" && ignore.Match(s.Bucket) is null)]))
            .Where(t => t.Buckets.Count > 0)];
    }
}
