using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Goroscope.Analysis;
using Goroscope.Stacks.Readers;
using Goroscope.Watch.Scraping;
using Goroscope.Watch.Storage;
using Goroscope.Watch.Targets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Goroscope.Watch.Demo;

/// <summary>
/// `watch --demo`: two simulated Go services on a loopback port, serving what a Go service serves (pprof's
/// debug=0 goroutine and goroutineleak profiles, debug=1 and the debug=2 dump watch fetches for an incident's
/// detail), recorded from testdata/programs/leakzoo (embedded). `inventory` stays as recorded; in `checkout` the
/// log-shipping leak (`main.handleRequest`, chan-send) gains one goroutine a second, and its goroutineleak profile
/// proves them leaked. The last half hour is written into the store first, so the charts have history from the start.
/// </summary>
public sealed partial class DemoFleet : IAsyncDisposable
{
    private const string LeakyFunction = "main.handleRequest";
    private const double LeakPerSecond = 1;
    private static readonly TimeSpan History = TimeSpan.FromMinutes(30);
    private readonly WebApplication _app;
    private readonly DateTimeOffset _origin;
    private readonly Profile _steady = Profile.Load("leakzoo.scale1.debug1.txt");
    private readonly Profile _leaky = Profile.Load("leakzoo.debug1.txt");
    private readonly Profile _leakyLeaks = Profile.Load("leakzoo.leak.debug1.txt");
    private readonly RecordedPprof _steadyPprof = RecordedPprof.Load("leakzoo.scale1.debug0.pb.gz");
    private readonly RecordedPprof _leakyPprof = RecordedPprof.Load("leakzoo.debug0.pb.gz");
    private readonly RecordedPprof _leakyLeaksPprof = RecordedPprof.Load("leakzoo.leak.debug0.pb.gz");
    private readonly RecordedTraceback _steadyTraceback = RecordedTraceback.Load("leakzoo.scale1.debug2.txt");
    private readonly RecordedTraceback _leakyTraceback = RecordedTraceback.Load("leakzoo.debug2.txt");

    private DemoFleet(WebApplication app, DateTimeOffset origin)
    {
        _app = app;
        _origin = origin;
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>The throw-away store <see cref="Apply"/> chose, deleted on dispose; null when the user named one.</summary>
    private string? _temporaryStore;

    public static async Task<DemoFleet> StartAsync(CancellationToken cancel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fleet = new DemoFleet(app, DateTimeOffset.UtcNow - History);
        app.MapGet("/{service}/debug/pprof/{profile}", (RequestDelegate)fleet.ServeAsync);
        await app.StartAsync(cancel);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fleet.Address = new Uri(address.TrimEnd('/') + "/");
        return fleet;
    }

    /// <summary>The demo's targets and short thresholds, so an incident opens within seconds; a throw-away store unless one was asked for.</summary>
    public WatchOptions Apply(WatchOptions options, bool temporaryStore)
    {
        _temporaryStore = temporaryStore ? Path.Combine(Path.GetTempPath(), $"goroscope-watch-demo-{Environment.ProcessId}.db") : null;
        return options with
        {
            Targets = [Target.Parse($"checkout={Address}checkout"), Target.Parse($"inventory={Address}inventory")],
            Interval = TimeSpan.FromSeconds(2),
            Detection = options.Detection with { Window = TimeSpan.FromMinutes(2), MinSamples = 5, MinGrowth = 10 },
            Store = _temporaryStore ?? options.Store,
        };
    }

    /// <summary>Writes the half hour before the demo started, a scrape every 30 s per target.</summary>
    public void Seed(WatchStore store, IReadOnlyList<Target> targets)
    {
        for (var time = _origin; time < DateTimeOffset.UtcNow; time += TimeSpan.FromSeconds(30))
        {
            foreach (var target in targets)
            {
                var leaky = target.Name == "checkout";
                var result = Analyzer.Analyze(DumpReader.Read(new MemoryStream(Pprof(leaky, false, time)))[^1]);
                var leaked = leaky ? BucketSample.LeakedByKey(Analyzer.Analyze(DumpReader.Read(new MemoryStream(Pprof(true, true, time)))[^1])) : null;
                store.Record(new ScrapeResult(target, time, TimeSpan.FromMilliseconds(3), result.Goroutines, BucketSample.From(result, leaked), null));
            }
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        var leaky = (string)context.Request.RouteValues["service"]! == "checkout";
        var profile = (string)context.Request.RouteValues["profile"]!;
        if (profile is not ("goroutine" or "goroutineleak") || (profile == "goroutineleak" && !leaky))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var leakProfile = profile == "goroutineleak";
        switch (context.Request.Query["debug"].ToString())
        {
            case "" or "0":
                context.Response.ContentType = "application/octet-stream";
                await context.Response.Body.WriteAsync(Pprof(leaky, leakProfile, DateTimeOffset.UtcNow), context.RequestAborted);
                break;
            case "2" when !leakProfile:
                context.Response.ContentType = "text/plain; charset=utf-8";
                var traceback = leaky ? _leakyTraceback : _steadyTraceback;
                var grown = Grown(leaky, DateTimeOffset.UtcNow);
                await context.Response.WriteAsync(traceback.Render(g => g.Contains(LeakyFunction + "(", StringComparison.Ordinal) ? grown : null), context.RequestAborted);
                break;
            default:
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(Render(leaky, leakProfile, DateTimeOffset.UtcNow), context.RequestAborted);
                break;
        }
    }

    /// <summary>The gzipped pprof profile (debug=0) the service would serve at a time: what watch scrapes.</summary>
    private byte[] Pprof(bool leaky, bool leakProfile, DateTimeOffset time)
    {
        var grown = Grown(leaky, time);
        return (leaky ? leakProfile ? _leakyLeaksPprof : _leakyPprof : _steadyPprof).Render(stack => stack.Contains(LeakyFunction) ? grown : null);
    }

    /// <summary>Goroutines the leak has added to `checkout` by a time.</summary>
    private long Grown(bool leaky, DateTimeOffset time) => leaky ? (long)((time - _origin).TotalSeconds * LeakPerSecond) : 0;

    /// <summary>A debug=1 profile as the service would serve it at a time (watch reads any form; debug=1 is what is recorded here).</summary>
    private string Render(bool leaky, bool leakProfile, DateTimeOffset time)
    {
        if (!leaky)
            return _steady.Render("goroutine", _ => null);
        var grown = Grown(leaky, time);
        return (leakProfile ? _leakyLeaks : _leaky).Render(leakProfile ? "goroutineleak" : "goroutine",
            record => record.Contains(LeakyFunction, StringComparison.Ordinal) ? grown : null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_temporaryStore is not null)
        {
            // Pooled connections keep the file open until the pool lets go of them.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(_temporaryStore + suffix);
        }
    }

    /// <summary>A recorded debug=1 profile as its records, each a count and the lines after it.</summary>
    private sealed partial class Profile(IReadOnlyList<(long Count, string Tail)> records)
    {
        public static Profile Load(string name)
        {
            var text = Resource.Text(name);
            var records = new List<(long, string)>();
            foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
            {
                var match = RecordHead().Match(block);
                if (match.Success)
                    records.Add((long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), block[(match.Groups[1].Index + match.Groups[1].Length)..]));
            }
            return new Profile(records);
        }

        /// <param name="extra">Goroutines to add to a record, by its text; null for none.</param>
        public string Render(string kind, Func<string, long?> extra)
        {
            var counts = records.Select(r => r.Count + (extra(r.Tail) ?? 0)).ToList();
            var text = new StringBuilder($"{kind} profile: total {counts.Sum()}\n");
            for (var i = 0; i < records.Count; i++)
                text.Append(counts[i]).Append(records[i].Tail.TrimEnd('\n')).Append("\n\n");
            return text.ToString();
        }

        [GeneratedRegex(@"^(?:goroutine(?:leak)? profile: total \d+\n)?(\d+) @ ")]
        private static partial Regex RecordHead();
    }
}
