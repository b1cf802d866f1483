using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Goroscope.Watch.Tests.Postgres;
using Xunit.Abstractions;

namespace Goroscope.Cli.Tests;

/// <summary>
/// Three `goroscope watch` processes sharing one PostgreSQL (the test run's own cluster) over 60 real Go processes
/// (testdata/programs/pprofserver, 12 of them leaking): the fleet is split by leases, and when one replica is
/// killed with SIGKILL the others take its targets over and continue its incidents.
/// </summary>
[Collection(PostgresCollection.Name)]
public partial class FleetHandOverTests(PostgresCluster postgres, ITestOutputHelper output)
{
    private const int Targets = 60;
    private const int Leaking = 12;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Killed_replicas_targets_are_taken_over_within_the_lease_and_its_incidents_continue()
    {
        var programs = new List<GoProgram>();
        var replicas = new List<Replica>();
        try
        {
            for (var i = 0; i < Targets; i++)
                programs.Add(i < Leaking ? GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-every", "100ms") : GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0"));
            var names = Enumerable.Range(0, Targets).Select(Name).ToList();
            var store = postgres.NewDatabase();
            string[] args = ["watch", "--store", store, "--listen", "127.0.0.1:0", "--interval", "1s", "--lease-ttl", "5s", "--concurrency", "16",
                "--window", "30s", "--min-samples", "4", "--min-growth", "10", "--min-slope", "30",
                .. programs.SelectMany((p, i) => new[] { "--target", $"{Name(i)}={p.Url}" })];
            for (var i = 0; i < 3; i++)
                replicas.Add(Replica.Start(args));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

            // Settled: every target leased to a live replica, 20 each, and every leaking target's incident open.
            await WaitAsync(() => Owners(store).Values.GroupBy(o => o).Select(g => g.Count()).Order().SequenceEqual([20, 20, 20]) && Owners(store).Count == Targets,
                TimeSpan.FromSeconds(60), "60 leases split 20/20/20", replicas);
            await WaitAsync(() => OpenIncidents(store).Count == Leaking, TimeSpan.FromSeconds(60), $"{Leaking} open incidents", replicas);
            var before = OpenIncidents(store);
            Assert.All(before.Keys, k => Assert.True(int.Parse(k.Target[4..], CultureInfo.InvariantCulture) < Leaking, $"{k.Target} does not leak"));

            // Each target scraped by exactly one replica over a few intervals.
            var scrapedBy = await ScrapedByAsync(http, replicas);
            Assert.Equal(names, scrapedBy.Keys.Order(StringComparer.Ordinal));
            Assert.All(scrapedBy, s => Assert.True(s.Value.Count == 1, $"{s.Key} scraped by {s.Value.Count} replicas"));

            // kill -9 the replica with the most leaking targets.
            var owners = Owners(store);
            var victim = replicas.MaxBy(r => owners.Count(o => o.Value == r.Id && before.Keys.Any(k => k.Target == o.Key)))!;
            var orphans = owners.Where(o => o.Value == victim.Id).Select(o => o.Key).ToList();
            var killed = DateTimeOffset.UtcNow;
            victim.Kill();
            replicas.Remove(victim);

            // Every orphan is scraped again by a survivor within the lease's TTL and one interval: survivors claim the
            // moment the leases end, and the first scrapes of what they claimed are spread over one interval.
            var bound = Ttl + Interval;
            await WaitAsync(() => orphans.All(t => LastScrape(store, t) > killed), bound + TimeSpan.FromSeconds(5), "every orphan scraped again", replicas);
            var takenOver = orphans.Max(t => FirstScrapeAfter(store, t, killed)) - killed;
            output.WriteLine($"{orphans.Count} targets of the killed replica all scraped again {takenOver.TotalSeconds:0.0} s after SIGKILL (TTL {Ttl.TotalSeconds} s, bound {bound.TotalSeconds:0.0} s)");
            Assert.True(takenOver <= bound, $"taken over after {takenOver.TotalSeconds:0.0} s, over the {bound.TotalSeconds:0.0} s bound");

            // The survivors split the whole fleet, again each target by exactly one of them.
            scrapedBy = await ScrapedByAsync(http, replicas);
            Assert.Equal(names, scrapedBy.Keys.Order(StringComparer.Ordinal));
            Assert.All(scrapedBy, s => Assert.True(s.Value.Count == 1, $"{s.Key} scraped by {s.Value.Count} survivors"));

            // The same incidents, none doubled, none lost, none closed and opened anew; the orphans' ones judged by their new owners.
            var after = OpenIncidents(store);
            Assert.Equal(before.OrderBy(i => i.Key.Target).Select(i => (i.Key, i.Value.Id)), after.OrderBy(i => i.Key.Target).Select(i => (i.Key, i.Value.Id)));
            Assert.Equal(Leaking, (long)postgres.Query(store, "SELECT COUNT(*) FROM incidents")[0][0]);
            Assert.All(after.Where(i => orphans.Contains(i.Key.Target)), i => Assert.True(i.Value.Count > before[i.Key].Count,
                $"{i.Key.Target}'s incident was not judged again after the hand-over ({i.Value.Count} goroutines)"));

            // Any replica's API lists the whole fleet, each target with its latest scrape.
            foreach (var replica in replicas)
            {
                using var listed = JsonDocument.Parse(await http.GetStringAsync(new Uri(replica.Address, "api/targets")));
                var targets = listed.RootElement.EnumerateArray().ToList();
                Assert.Equal(names, targets.Select(t => t.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
                Assert.All(targets, t => Assert.True(t.GetProperty("up").GetBoolean()));
            }
        }
        finally
        {
            foreach (var replica in replicas)
                replica.Dispose();
            foreach (var program in programs)
                program.Dispose();
        }
    }

    private static string Name(int i) => $"svc-{i:00}";

    /// <summary>Target → the replica holding its unexpired lease.</summary>
    private Dictionary<string, string> Owners(string store) =>
        postgres.Query(store, "SELECT target, owner FROM leases WHERE owner <> '' AND expires > now()").ToDictionary(r => (string)r[0], r => (string)r[1]);

    private Dictionary<(string Target, long Bucket), (long Id, long Count)> OpenIncidents(string store) =>
        postgres.Query(store, "SELECT t.name, i.bucket_id, i.id, i.count FROM incidents i JOIN targets t ON t.id = i.target_id WHERE i.resolved IS NULL")
            .ToDictionary(r => ((string)r[0], (long)r[1]), r => ((long)r[2], (long)r[3]));

    private DateTimeOffset LastScrape(string store, string target) =>
        postgres.Query(store, $"SELECT MAX(s.time) FROM scrapes s JOIN targets t ON t.id = s.target_id WHERE t.name = '{target}'")[0][0] is long ms
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.MinValue;

    private DateTimeOffset FirstScrapeAfter(string store, string target, DateTimeOffset after) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)postgres.Query(store,
            $"SELECT MIN(s.time) FROM scrapes s JOIN targets t ON t.id = s.target_id WHERE t.name = '{target}' AND s.time > {after.ToUnixTimeMilliseconds()}")[0][0]);

    /// <summary>Target → the replicas whose /metrics counted a successful scrape of it over three intervals.</summary>
    private static async Task<Dictionary<string, List<string>>> ScrapedByAsync(HttpClient http, List<Replica> replicas)
    {
        var first = await Task.WhenAll(replicas.Select(r => r.ScrapeCountsAsync(http)));
        await Task.Delay(3 * Interval);
        var second = await Task.WhenAll(replicas.Select(r => r.ScrapeCountsAsync(http)));
        var scrapedBy = new Dictionary<string, List<string>>();
        for (var i = 0; i < replicas.Count; i++)
            foreach (var (target, count) in second[i].Where(c => c.Value > first[i].GetValueOrDefault(c.Key)))
                (scrapedBy.TryGetValue(target, out var by) ? by : scrapedBy[target] = []).Add(replicas[i].Id);
        return scrapedBy;
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan within, string what, List<Replica> replicas)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (condition())
                return;
            await Task.Delay(200);
        }
        throw new TimeoutException($"{what}: not within {within.TotalSeconds} s; replica logs:\n{string.Join("\n---\n", replicas.Select(r => r.Output))}");
    }

    /// <summary>One `goroscope watch` process; its output is read as it comes, so that it never blocks on a full pipe.</summary>
    private sealed partial class Replica : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private Replica(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) => Received(e.Data);
            _process.ErrorDataReceived += (_, e) => Received(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        private readonly TaskCompletionSource<string> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private void Received(string? line)
        {
            lock (_output)
                _output.AppendLine(line);
            if (line is not null && line.StartsWith("goroscope watch: listening", StringComparison.Ordinal))
                _firstLine.TrySetResult(line);
        }

        public Uri Address { get; private set; } = null!;

        public string Id { get; private set; } = "";

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        public static Replica Start(string[] args)
        {
            var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "Goroscope.Cli.dll"), .. args])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var replica = new Replica(Process.Start(start)!);
            if (!replica._firstLine.Task.Wait(TimeSpan.FromSeconds(30)))
            {
                replica.Dispose();
                throw new InvalidOperationException($"watch did not start: {replica.Output}");
            }
            var match = FirstLine().Match(replica._firstLine.Task.Result);
            Assert.True(match.Success, replica.Output);
            (replica.Address, replica.Id) = (new Uri(match.Groups[1].Value), match.Groups[2].Value);
            return replica;
        }

        /// <summary>Successful scrapes per target, as this replica's /metrics counts them.</summary>
        public async Task<Dictionary<string, long>> ScrapeCountsAsync(HttpClient http) =>
            ScrapesOk().Matches(await http.GetStringAsync(new Uri(Address, "metrics")))
                .ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

        /// <summary>SIGKILL: no shutdown code runs, the leases are not given back.</summary>
        public void Kill()
        {
            _process.Kill();
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
                Kill();
            _process.Dispose();
        }

        [GeneratedRegex(@"listening on (\S+) .* replica (\S+) sharing")]
        private static partial Regex FirstLine();

        [GeneratedRegex(@"goroscope_watch_scrapes_total\{target=""([^""]+)"",result=""ok""\} (\d+)")]
        private static partial Regex ScrapesOk();
    }
}
