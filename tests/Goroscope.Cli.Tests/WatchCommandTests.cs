using System.Diagnostics;
using System.Text.RegularExpressions;
using Goroscope.Watch.Storage;

namespace Goroscope.Cli.Tests;

/// <summary>`goroscope watch` as a process of its own: usage errors, and a kill -9 mid-run that must lose no scrape.</summary>
public partial class WatchCommandTests
{
    [Fact]
    public void Watch_without_targets_is_one_line_and_exit_2()
    {
        var run = Cli.Run("watch", "--db", Path.Combine(Path.GetTempPath(), $"goroscope-watch-{Guid.NewGuid():N}.db"));
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("goroscope: nothing to watch: give --target URL, --file-sd FILE, a --config with targets, --push, or --demo\n", run.Stderr.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("--interval", "soon", "goroscope: --interval soon: not a duration")]
    [InlineData("--target", "ftp://x:1", "goroscope: target ftp://x:1: not a live target")]
    [InlineData("--listen", "nowhere", "goroscope: --listen nowhere: expected host:port")]
    [InlineData("--shard", "3/3", "goroscope: --shard 3/3: expected i/N with 0 <= i < N")]
    [InlineData("--lease-ttl", "10s", "goroscope: --lease-ttl 10s must be at least twice --interval (30s)")]
    [InlineData("--push-max-targets", "0", "goroscope: --push-max-targets 0: must be at least 1")]
    [InlineData("--push-max-targets", "many", "goroscope: --push-max-targets many: expected a whole number")]
    [InlineData("--store", "postgres://goroscope@127.0.0.1:1/watch", "goroscope: cannot open the store postgres://goroscope@127.0.0.1:1/watch: ")]
    [InlineData("--store", "postgres://db/watch?pool=9", "goroscope: store: unknown URL parameter pool (sslmode, host, application_name)")]
    public void Bad_flags_are_one_line_and_exit_2(string option, string value, string expected)
    {
        var run = Cli.Run("watch", "--target", "127.0.0.1:1", option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(expected, run.Stderr);
        Assert.Single(run.Stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Retention_in_days_as_help_shows_its_default_is_accepted()
    {
        var db = Path.Combine(Directory.CreateTempSubdirectory("goroscope-watch-").FullName, "watch.db");
        var run = Cli.Run("watch", "--target", "127.0.0.1:1", "--retention", "7d", "--duration", "300ms", "--listen", "127.0.0.1:0", "--db", db);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    [Fact]
    public void Push_alone_is_something_to_watch_and_names_its_route()
    {
        var db = Path.Combine(Directory.CreateTempSubdirectory("goroscope-watch-").FullName, "watch.db");
        var run = Cli.Run("watch", "--push", "--duration", "300ms", "--listen", "127.0.0.1:0", "--db", db);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Matches(@"\(0 target\(s\), .*\); taking pushed profiles at http://127\.0\.0\.1:\d+/push\.v1\.PusherService/Push\n", run.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_duration_shorter_than_the_start_still_says_where_it_listens()
    {
        var db = Path.Combine(Directory.CreateTempSubdirectory("goroscope-watch-").FullName, "watch.db");
        var run = Cli.Run("watch", "--push", "--duration", "1ms", "--listen", "127.0.0.1:0", "--db", db);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("goroscope watch: listening on http://127.0.0.1:", run.Stdout);
    }

    [Fact]
    public async Task Killed_and_restarted_watch_loses_no_scrape()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-every", "50ms");
        var db = Path.Combine(Directory.CreateTempSubdirectory("goroscope-watch-").FullName, "watch.db");
        string[] args = ["watch", "--target", $"leaking={target.Url}", "--db", db, "--listen", "127.0.0.1:0", "--interval", "200ms",
            "--window", "3s", "--min-samples", "5", "--min-growth", "10"];
        using var http = new HttpClient();

        long reportedBeforeKill;
        using (var first = WatchProcess.Start(args))
        {
            reportedBeforeKill = await first.WaitForScrapesAsync(http, atLeast: 10);
            first.Kill(); // SIGKILL: no shutdown code runs
        }
        List<ScrapeRow> afterKill;
        using (var store = new SqliteStore(db))
        using (var reader = store.OpenReader())
            afterKill = [.. reader.Scrapes("leaking", DateTimeOffset.MinValue)];
        // Every scrape /metrics had counted was committed (the counter moves after the commit).
        Assert.True(afterKill.Count >= reportedBeforeKill, $"{afterKill.Count} stored < {reportedBeforeKill} reported");
        Assert.All(afterKill, s => Assert.True(s.Ok, s.Error));

        using (var second = WatchProcess.Start(args))
        {
            await second.WaitForScrapesAsync(http, atLeast: 5);
            second.Kill();
        }
        using (var store = new SqliteStore(db))
        using (var reader = store.OpenReader())
        {
            var all = reader.Scrapes("leaking", DateTimeOffset.MinValue);
            Assert.True(all.Count >= afterKill.Count + 5);
            Assert.Equal(afterKill.Select(s => (s.Id, s.Time, s.Total)), all.Take(afterKill.Count).Select(s => (s.Id, s.Time, s.Total)));
            // One leak, one incident: the second run found the first run's open incident and kept it.
            var incident = Assert.Single(reader.Incidents());
            Assert.Equal("main.leakedSender main.go:55", incident.BlockingSite);
        }
    }

    /// <summary>The CLI of this build run as `dotnet Goroscope.Cli.dll`, its address read from its first line.</summary>
    private sealed partial class WatchProcess : IDisposable
    {
        private readonly Process _process;

        private WatchProcess(Process process, Uri address)
        {
            _process = process;
            Address = address;
        }

        public Uri Address { get; }

        public static WatchProcess Start(string[] args)
        {
            var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "Goroscope.Cli.dll"), .. args])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var process = Process.Start(start)!;
            var line = process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult()
                ?? throw new InvalidOperationException($"watch exited: {process.StandardError.ReadToEnd()}");
            var match = Listening().Match(line);
            Assert.True(match.Success, line);
            return new WatchProcess(process, new Uri(match.Groups[1].Value));
        }

        /// <summary>Waits until /metrics counts at least this many successful scrapes, and returns the count it read.</summary>
        public async Task<long> WaitForScrapesAsync(HttpClient http, long atLeast)
        {
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
            while (DateTimeOffset.UtcNow < deadline)
            {
                var metrics = await http.GetStringAsync(new Uri(Address, "metrics"));
                var match = ScrapesOk().Match(metrics);
                if (match.Success && long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var count && count >= atLeast)
                    return count;
                await Task.Delay(100);
            }
            throw new TimeoutException("watch did not scrape in time");
        }

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

        [GeneratedRegex(@"listening on (\S+)")]
        private static partial Regex Listening();

        [GeneratedRegex(@"goroscope_watch_scrapes_total\{target=""leaking"",result=""ok""\} (\d+)")]
        private static partial Regex ScrapesOk();
    }
}
