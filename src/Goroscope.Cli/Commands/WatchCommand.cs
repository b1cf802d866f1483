using System.CommandLine;
using System.CommandLine.Parsing;
using Goroscope.Config;
using Goroscope.Watch;
using Goroscope.Watch.Demo;
using Goroscope.Watch.Server;
using Goroscope.Watch.Targets;

namespace Goroscope.Cli.Commands;

/// <summary>`goroscope watch`: scrapes a fleet of live Go processes, stores the series, opens incidents, serves /metrics and a dashboard.</summary>
internal static class WatchCommand
{
    private static readonly Option<string[]> Targets = new("--target", "-t")
    {
        Description = "A live Go process to watch: URL, host:port or NAME=URL (repeatable).",
        AllowMultipleArgumentsPerToken = false,
    };
    private static readonly Option<string?> Config = new("--config", "-c") { Description = "A watch.yml file (see docs/watch.md); flags given here override it." };
    private static readonly Option<string[]> FileSd = new("--file-sd") { Description = "A Prometheus file_sd JSON file of targets, read again when it changes (repeatable; * globs)." };
    private static readonly Option<string> Interval = CommonOptions.Duration("--interval", "Time between scrapes of each target.", "15s", positive: true);
    private static readonly Option<string> Timeout = CommonOptions.Duration("--timeout", "Deadline of each HTTP request of a scrape.", "10s", positive: true);
    private static readonly Option<long> MaxBytes = new Option<long>("--max-bytes") { Description = "Largest profile accepted; a bigger one fails the scrape.", DefaultValueFactory = _ => 64L << 20 }.AtLeast(1);
    private static readonly Option<int> Concurrency = new Option<int>("--concurrency") { Description = "Scrapes in flight at once over all targets.", DefaultValueFactory = _ => 8 }.AtLeast(1);
    private static readonly Option<string> Store = new("--store", "--db")
    {
        Description = "The store: a SQLite file (created with its directory when missing), or postgres://user@host:port/database shared by replicas.",
        DefaultValueFactory = _ => WatchOptions.DefaultDatabase,
    };
    private static readonly Option<int> StoreBuffer = new Option<int>("--store-buffer") { Description = "Scrapes held in memory while the store cannot be written; beyond, the oldest are dropped.", DefaultValueFactory = _ => 10_000 }.AtLeast(1);
    private static readonly Option<string> LeaseTtl = CommonOptions.Duration("--lease-ttl", "With a PostgreSQL store: how long a replica's claim on a target lasts unless renewed.", "30s", positive: true);
    private static readonly Option<string?> Shard = new("--shard") { Description = "i/N: scrape only the targets whose name hashes to i mod N (Prometheus hashmod), for replicas without PostgreSQL." };
    private static readonly Option<string> Retention = CommonOptions.Duration("--retention", "Delete snapshots older than this.", "7d", positive: true);
    private static readonly Option<string> Window = CommonOptions.Duration("--window", "How far back growth is judged.", "10m", positive: true);
    private static readonly Option<long> MinGrowth = new Option<long>("--min-growth") { Description = "Goroutines a bucket must gain over the window.", DefaultValueFactory = _ => 10 }.AtLeast(1);
    private static readonly Option<double> MinSlope = new Option<double>("--min-slope") { Description = "Goroutines per minute (least-squares slope over the window).", DefaultValueFactory = _ => 1 }.AtLeast(0);
    private static readonly Option<double> MinMonotonicity = new Option<double>("--min-monotonicity") { Description = "Share of steps that must not go down, 0-1.", DefaultValueFactory = _ => 0.8 }.Between(0, 1);
    private static readonly Option<int> MinSamples = new Option<int>("--min-samples") { Description = "Scrapes the window must hold before growth is judged.", DefaultValueFactory = _ => 5 }.AtLeast(2);
    private static readonly Option<long> Concentration = new Option<long>("--concentration") { Description = "Goroutines stuck at one user-code site that count as a leak outright.", DefaultValueFactory = _ => 1000 }.AtLeast(1);
    private static readonly Option<string> Listen = new("--listen") { Description = "host:port of the dashboard, API and /metrics (loopback unless told otherwise).", DefaultValueFactory = _ => "127.0.0.1:9177" };
    private static readonly Option<string?> Token = new("--token") { Description = "Bearer token the dashboard, API and /metrics want (or GOROSCOPE_WATCH_TOKEN)." };
    private static readonly Option<string?> Alertmanager = new("--alertmanager") { Description = "Alertmanager base URL; incidents are POSTed to its /api/v2/alerts." };
    private static readonly Option<string?> Webhook = new("--webhook") { Description = "URL each incident's opening and resolution is POSTed to as JSON." };
    private static readonly Option<string?> ExternalUrl = new("--external-url") { Description = "The dashboard's address as readers of alerts reach it (links in alerts)." };
    private static readonly Option<string> Duration = CommonOptions.Duration("--duration", "Stop after this long (default: until interrupted).", null, positive: true);
    private static readonly Option<bool> Push = new("--push") { Description = "Take goroutine profiles pushed to POST /push.v1.PusherService/Push (Grafana Alloy's pyroscope.write); then no target to scrape is needed." };
    private static readonly Option<int> PushMaxTargets = new Option<int>("--push-max-targets") { Description = "Distinct pushing targets held at once; a push naming one more is refused with 429 until one has been silent for 10 minutes.", DefaultValueFactory = _ => 5_000 }.AtLeast(1);
    private static readonly Option<bool> Demo = new("--demo") { Description = "Start with simulated targets (one steady, one leaking) and a throw-away store, to see everything working." };

    public static Command Create(ConsoleStreams io)
    {
        var command = new Command("watch", "Watch live Go processes: scrape their goroutine profiles on a schedule, store the series, open incidents for leaking stacks, serve /metrics and a dashboard, send alerts.")
        {
            Targets, Config, FileSd, Interval, Timeout, MaxBytes, Concurrency, Store, StoreBuffer, LeaseTtl, Shard, Retention, Window, MinGrowth, MinSlope,
            MinMonotonicity, MinSamples, Concentration, Listen, Token, Alertmanager, Webhook, ExternalUrl, Push, PushMaxTargets, Duration, Demo,
        };
        command.SetAction((result, cancel) => RunAsync(result, io, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult args, ConsoleStreams io, CancellationToken cancel)
    {
        return await Failures.GuardAsync(io.Stderr, async () =>
        {
            var options = Options(args);
            var stopAfter = args.Value(Duration);
            await using var demo = args.GetValue(Demo) ? await DemoFleet.StartAsync(cancel) : null;
            if (demo is not null)
                options = demo.Apply(options, temporaryStore: args.GetResult(Store) is null or { Implicit: true });
            if (options.Targets.Count == 0 && options.FileSd.Count == 0 && !options.AcceptPushes)
                throw new UsageException("nothing to watch: give --target URL, --file-sd FILE, a --config with targets, --push, or --demo");

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            await using var service = new WatchService(options, io.Stdout);
            demo?.Seed(service.Store, options.Targets);
            try
            {
                await using var server = await WatchServer.StartAsync(service, options.Listen, options.Token, stop.Token);
                service.DashboardUrl = server.Address;
                io.Stdout.WriteLine($"goroscope watch: listening on {server.Address} ({options.Targets.Count} target(s){(options.FileSd.Count > 0 ? $" + {options.FileSd.Count} file_sd file(s)" : "")}, every {GoDuration.Format(options.Interval)}, store {service.Store.Location}{Sharing(service, options)}){(options.AcceptPushes ? $"; taking pushed profiles at {new Uri(server.Address, PushEndpoint.Route.TrimStart('/'))}" : "")}");
                io.Stdout.Flush();
                // Counted from here, so a slow start (a loaded machine) does not use up the run before it says where it listens.
                if (stopAfter is { } after)
                    stop.CancelAfter(after);
                await service.RunAsync(stop.Token);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                // --duration ran out: as planned, not an interruption.
            }
            catch (WatchFailedException e)
            {
                io.Stderr.WriteLine($"goroscope: {e.Message}");
                return ExitCode.BadInput;
            }
            return ExitCode.Ok;
        });
    }

    private static string Sharing(WatchService service, WatchOptions options) =>
        options.Shard is { } shard ? $", shard {shard}" : service.Leases is { } leases ? $", replica {leases.Replica} sharing by leases of {GoDuration.Format(leases.Ttl)}" : "";

    /// <summary>Defaults, then the config file, then the flags actually given.</summary>
    private static WatchOptions Options(ParseResult args)
    {
        var options = new WatchOptions();
        try
        {
            if (args.GetValue(Config) is { } config)
                options = WatchConfigFile.Load(config, options);
        }
        catch (ConfigException e)
        {
            throw new UsageException(e.Message);
        }
        bool Given(Option option) => args.GetResult(option) is { Implicit: false };
        TimeSpan Span(Option<string> option) => args.Value(option) is { } span && span > TimeSpan.Zero ? span
            : throw new UsageException($"{option.Name} must be positive");
        Uri Url(string text, string option) => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
            : throw new UsageException($"{option} {text}: not an http(s) URL");
        try
        {
            var targets = (args.GetValue(Targets) ?? []).Select(t => Target.Parse(t)).ToList();
            options = options with
            {
                Targets = [.. options.Targets, .. targets],
                FileSd = [.. options.FileSd, .. args.GetValue(FileSd) ?? []],
            };
        }
        catch (TargetException e)
        {
            throw new UsageException(e.Message);
        }
        if (Given(Interval)) options = options with { Interval = Span(Interval) };
        if (Given(Timeout)) options = options with { Timeout = Span(Timeout) };
        if (Given(MaxBytes)) options = options with { MaxBytes = args.GetValue(MaxBytes) };
        if (Given(Concurrency)) options = options with { Concurrency = args.GetValue(Concurrency) };
        if (Given(Store)) options = options with { Store = args.GetValue(Store)! };
        if (Given(PushMaxTargets)) options = options with { PushMaxTargets = args.GetValue(PushMaxTargets) };
        if (Given(StoreBuffer)) options = options with { StoreBuffer = args.GetValue(StoreBuffer) };
        if (Given(LeaseTtl)) options = options with { LeaseTtl = Span(LeaseTtl) };
        if (args.GetValue(Shard) is { } shard)
        {
            try
            {
                options = options with { Shard = Watch.Fleet.Shard.Parse(shard) };
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--shard {e.Message}");
            }
        }
        if (Given(Retention)) options = options with { Retention = Span(Retention) };
        if (Given(Listen)) options = options with { Listen = args.GetValue(Listen)! };
        if (args.GetValue(Push)) options = options with { AcceptPushes = true };
        var token = args.GetValue(Token) ?? Environment.GetEnvironmentVariable("GOROSCOPE_WATCH_TOKEN");
        if (token is { Length: > 0 }) options = options with { Token = token };
        if (args.GetValue(Alertmanager) is { } alertmanager) options = options with { Alertmanager = Url(alertmanager, "--alertmanager") };
        if (args.GetValue(Webhook) is { } webhook) options = options with { Webhook = Url(webhook, "--webhook") };
        if (args.GetValue(ExternalUrl) is { } external) options = options with { ExternalUrl = Url(external, "--external-url") };
        var detection = options.Detection;
        if (Given(Window)) detection = detection with { Window = Span(Window) };
        if (Given(MinGrowth)) detection = detection with { MinGrowth = args.GetValue(MinGrowth) };
        if (Given(MinSlope)) detection = detection with { MinSlopePerMinute = args.GetValue(MinSlope) };
        if (Given(MinMonotonicity)) detection = detection with { MinMonotonicity = args.GetValue(MinMonotonicity) };
        if (Given(MinSamples)) detection = detection with { MinSamples = args.GetValue(MinSamples) };
        if (Given(Concentration)) detection = detection with { Concentration = args.GetValue(Concentration) };
        // A replica stops scraping a target one interval before its lease ends; the lease must outlast that by as much again.
        if (options.LeaseTtl < 2 * options.Interval)
            throw new UsageException($"--lease-ttl {GoDuration.Format(options.LeaseTtl)} must be at least twice --interval ({GoDuration.Format(2 * options.Interval)})");
        try
        {
            WatchServer.ParseListen(options.Listen);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--listen {e.Message}");
        }
        return options with { Detection = detection };
    }
}
