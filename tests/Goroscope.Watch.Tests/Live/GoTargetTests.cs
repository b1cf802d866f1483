using System.Diagnostics;
using Goroscope.Cli.Tests;
using Goroscope.Watch.Detection;
using Goroscope.Watch.Targets;
using Xunit.Abstractions;

namespace Goroscope.Watch.Tests.Live;

/// <summary>watch against real Go processes (testdata/programs/pprofserver) on 127.0.0.1: one steady, one leaking at a known rate.</summary>
public class GoTargetTests(ITestOutputHelper output)
{
    internal static readonly Thresholds Window3s = new(TimeSpan.FromSeconds(3), MinSamples: 5, MinGrowth: 10, MinSlopePerMinute: 60, MinMonotonicity: 0.8, Concentration: 100_000);

    internal static WatchOptions Options(params Target[] targets) => new()
    {
        Targets = targets,
        Interval = TimeSpan.FromMilliseconds(250),
        Timeout = TimeSpan.FromSeconds(5),
        Store = Scrapes.TempDatabase(),
        Detection = Window3s,
    };

    [Fact]
    public async Task LeakingProgram_BecomesAGrowthIncidentWithinTheWindow_SteadyProgramNever()
    {
        // 20 goroutines a second, each blocked forever in main.leakedSender (chan-send).
        using var leaking = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-every", "50ms");
        using var steady = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0");
        await using var watch = await LiveWatch.StartAsync(Options(Target.Parse($"leaking={leaking.Url}"), Target.Parse($"steady={steady.Url}")));
        var clock = Stopwatch.StartNew();

        var growth = await watch.WaitForAsync(
            () => watch.Service.Tracker.OpenIncidents().FirstOrDefault(i => i.Target == "leaking" && i.Signals.HasFlag(LeakSignal.Growth)),
            within: Window3s.Window + TimeSpan.FromSeconds(5), "a growth incident for the leaking program");
        var openedAfter = clock.Elapsed;
        output.WriteLine($"growth incident opened {openedAfter.TotalSeconds:0.0} s after watch started ({growth.GrowthPerMinute:0}/min, window {Window3s.Window.TotalSeconds} s)");

        Assert.Equal(("chan-send", "main.leakedSender main.go:55"), (growth.Pattern, growth.BlockingSite));
        Assert.True(openedAfter < Window3s.Window + TimeSpan.FromSeconds(2), $"opened after {openedAfter}");

        // Give the steady one a whole window more of scrapes: nothing of it may open.
        await Task.Delay(Window3s.Window);
        Assert.DoesNotContain(watch.Service.Tracker.OpenIncidents(), i => i.Target == "steady");
        using var reader = watch.Service.Store.OpenReader();
        Assert.DoesNotContain(reader.Incidents(), i => i.Target == "steady");
        Assert.True(reader.Scrapes("steady", watch.Started.AddMinutes(-1)).Count(s => s.Ok) >= 10);
        // Over the whole run the stored series shows the program's rate.
        var series = reader.Window("leaking", watch.Started.AddMinutes(-1)).Series[growth.BucketId];
        var rate = LeakDetector.SlopePerMinute(series);
        output.WriteLine($"stored series: {series.Length} scrapes, {rate:0}/min");
        Assert.InRange(rate, 900, 1300); // 1200/min nominal
    }

    [Fact]
    public async Task LeakedGoroutines_AreProvedByTheRuntimeAndDetailedFromDebug2()
    {
        using var leaking = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-initial", "30");
        await using var watch = await LiveWatch.StartAsync(Options(Target.Parse($"leaking={leaking.Url}")));

        var incident = await watch.WaitForAsync(() => watch.Service.Tracker.OpenIncidents().FirstOrDefault(), TimeSpan.FromSeconds(10), "an incident");
        Assert.Equal((LeakSignal.RuntimeLeaked, 30L), (incident.Signals, incident.Count));

        // The incident made watch fetch debug=2 once: the bucket now has the real wait state and full paths.
        var bucket = await watch.WaitForAsync(() =>
        {
            using var reader = watch.Service.Store.OpenReader();
            return reader.Bucket(incident.BucketId) is { Detailed: true } b ? b : null;
        }, TimeSpan.FromSeconds(10), "the debug=2 detail");
        Assert.StartsWith("[chan send", bucket.StackText);
        Assert.Contains("testdata/programs/pprofserver/main.go:55", bucket.StackText);
    }

    [Fact]
    public async Task UnreachableTarget_IsRecordedAsFailedScrapesAndBacksOff()
    {
        var port = ExternalProgram.FreePort();
        await using var watch = await LiveWatch.StartAsync(Options(Target.Parse($"gone=http://127.0.0.1:{port}")) with { MaxBackoff = TimeSpan.FromSeconds(1) });
        await Task.Delay(TimeSpan.FromSeconds(3));
        using var reader = watch.Service.Store.OpenReader();
        var scrapes = reader.Scrapes("gone", watch.Started.AddMinutes(-1));
        Assert.All(scrapes, s => Assert.False(s.Ok));
        Assert.Contains("cannot fetch", scrapes[0].Error);
        // Without backoff 3 s at 250 ms would be 12 attempts; doubling to the 1 s cap (jittered) makes at most about half.
        Assert.InRange(scrapes.Count, 2, 7);
        Assert.Contains("gone: scrape failed: cannot fetch", watch.Log.ToString());
    }

    [Fact]
    public async Task FileSdChanges_StartAndStopScrapingWhileRunning()
    {
        using var first = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0");
        using var second = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0");
        var sd = Path.Combine(Directory.CreateTempSubdirectory("goroscope-sd-").FullName, "fleet.json");
        void Write(params (string Name, GoProgram Program)[] targets)
        {
            File.WriteAllText(sd, "[" + string.Join(",", targets.Select(t =>
                $$$"""{"targets": ["{{{t.Program.Url["http://".Length..]}}}"], "labels": {"name": "{{{t.Name}}}"}}""")) + "]");
            File.SetLastWriteTimeUtc(sd, DateTime.UtcNow.AddSeconds(File.Exists(sd) ? 1 : 0));
        }
        Write(("first", first));
        await using var watch = await LiveWatch.StartAsync(Options() with { FileSd = [sd] });
        int Scraped(string name)
        {
            using var reader = watch.Service.Store.OpenReader();
            return reader.Scrapes(name, watch.Started.AddMinutes(-1)).Count(s => s.Ok);
        }
        await watch.WaitForAsync(() => Scraped("first") >= 2 ? "" : null, TimeSpan.FromSeconds(10), "scrapes of the first target");

        Write(("second", second));
        await watch.WaitForAsync(() => Scraped("second") >= 2 ? "" : null, TimeSpan.FromSeconds(10), "scrapes of the target added to the file");
        await watch.WaitForAsync(() => watch.Log.ToString().Contains("stopped watching first") ? "" : null, TimeSpan.FromSeconds(5), "the removed target stopping");
        var stopped = Scraped("first");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.InRange(Scraped("first"), stopped, stopped + 1); // at most one scrape was in flight when it left
        Assert.Equal(["second"], watch.Service.Targets().Select(t => t.Name));
    }
}
