using System.Data.Common;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Goroscope.Analysis;
using Goroscope.Config;
using Goroscope.Watch.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Goroscope.Watch.Server;

/// <summary>
/// The HTTP side of watch, on one Kestrel listener: /metrics for Prometheus, a small JSON API, and the dashboard
/// (static files embedded in this assembly, so it needs no internet). Endpoints are plain request delegates with
/// source-generated JSON: nothing here needs reflection, so the tool can be compiled ahead of time.
/// With a token, every path except /healthz wants `Authorization: Bearer TOKEN`; a browser opens the dashboard
/// once with `?token=TOKEN`, which sets a cookie for the rest.
/// </summary>
public sealed class WatchServer : IAsyncDisposable
{
    private const string TokenCookie = "goroscope_token";
    private readonly WebApplication _app;
    private readonly WatchService _service;

    private WatchServer(WebApplication app, WatchService service)
    {
        _app = app;
        _service = service;
    }

    /// <summary>Where the server listens, e.g. http://127.0.0.1:9177/ (with the real port when 0 was asked for).</summary>
    public Uri Address { get; private set; } = null!;

    public static async Task<WatchServer> StartAsync(WatchService service, string listen, string? token, CancellationToken cancel)
    {
        var endpoint = ParseListen(listen);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint));
        var app = builder.Build();
        var server = new WatchServer(app, service);
        if (token is { Length: > 0 })
            app.Use((context, next) => Authorised(context, token) ? next(context) : Refuse(context));
        server.Map(app);
        await app.StartAsync(cancel);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return server;
    }

    /// <summary>`host:port`, `:port` (loopback) or `port`; host is an IP address, `localhost`, or `*` for every interface.</summary>
    public static IPEndPoint ParseListen(string listen)
    {
        var colon = listen.LastIndexOf(':');
        var host = colon < 0 ? "" : listen[..colon].Trim('[', ']');
        var portText = colon < 0 ? listen : listen[(colon + 1)..];
        if (!int.TryParse(portText, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
            throw new ArgumentException($"{listen}: expected host:port, such as 127.0.0.1:9177");
        var address = host switch
        {
            "" or "localhost" => IPAddress.Loopback,
            "*" => IPAddress.Any,
            _ => IPAddress.TryParse(host, out var ip) ? ip : throw new ArgumentException($"{listen}: {host} is not an IP address, localhost or *"),
        };
        return new IPEndPoint(address, port);
    }

    private static readonly string[] GetOrHead = ["GET", "HEAD"];

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (DbException e) when (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync($"503: the store cannot be read now: {e.Message.ReplaceLineEndings(" ")}\n");
            }
        });
        Get(app, "/healthz", context => context.Response.WriteAsync("ok\n"));
        Get(app, "/metrics", async context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await _service.Metrics.WriteAsync(context.Response.Body, context.RequestAborted);
        });
        Get(app, "/api/targets", context => WithRange(context, since => Json(context, Targets(since), WatchJson.Default.ListTargetView)));
        Get(app, "/api/incidents", context => Json(context, Incidents(), WatchJson.Default.ListIncidentView));
        Get(app, "/api/targets/{target}", context => ForTarget(context, (target, since) =>
            Json(context, Targets(since, target).Single(), WatchJson.Default.TargetView)));
        Get(app, "/api/targets/{target}/scrapes", context => ForTarget(context, (target, since) =>
            Json(context, Scrapes(target, since), WatchJson.Default.ListScrapeView)));
        Get(app, "/api/targets/{target}/series", context => ForTarget(context, (target, since) =>
            Json(context, Series(target, since), WatchJson.Default.SeriesView)));
        Get(app, "/api/targets/{target}/buckets/{bucket}", context => ForTarget(context, (target, since) =>
            Bucket(target, (string)context.Request.RouteValues["bucket"]!, since) is { } bucket
                ? Json(context, bucket, WatchJson.Default.BucketView)
                : NotFound(context, $"no bucket {context.Request.RouteValues["bucket"]} in this store")));
        if (_service.AcceptsPushes)
            app.MapPost(PushEndpoint.Route, new PushEndpoint(_service).HandleAsync);
        Get(app, "/", context => Page(context, found: true));
        Get(app, "/targets/{target}", context => Page(context, found: IsKnown((string)context.Request.RouteValues["target"]!)));
        Get(app, "/targets/{target}/buckets/{bucket}", context => Page(context,
            found: IsKnown((string)context.Request.RouteValues["target"]!) && BucketExists((string)context.Request.RouteValues["bucket"]!)));
        Get(app, "/assets/{name}", context => Asset(context, (string)context.Request.RouteValues["name"]!));
        // Anything else: JSON under /api, the dashboard's not-found page elsewhere, both with 404.
        app.MapFallback((RequestDelegate)(context => context.Request.Path.StartsWithSegments("/api")
            ? NotFound(context, $"no such API route: {context.Request.Path}")
            : Page(context, found: false)));
    }

    private static void Get(WebApplication app, string pattern, RequestDelegate handler) => app.MapMethods(pattern, GetOrHead, handler);

    /// <summary>The `range` query (a Go duration, 1h when absent); a bad one is a 400 that says what was expected.</summary>
    private static Task WithRange(HttpContext context, Func<DateTimeOffset, Task> respond)
    {
        var span = TimeSpan.FromHours(1);
        if (context.Request.Query["range"] is { Count: > 0 } range && !GoDuration.TryParse(range[0]!, out span))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Json(context, new ErrorView { Error = $"range={range[0]}: expected a duration such as 15m, 1h or 7d" }, WatchJson.Default.ErrorView);
        }
        return respond(DateTimeOffset.UtcNow - span);
    }

    /// <summary>Answers for a target watched now or kept in the store, and 404 for any other name.</summary>
    private Task ForTarget(HttpContext context, Func<string, DateTimeOffset, Task> respond)
    {
        var target = (string)context.Request.RouteValues["target"]!;
        return IsKnown(target) ? WithRange(context, since => respond(target, since)) : NotFound(context, $"no target named {target}");
    }

    private static Task NotFound(HttpContext context, string error)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Json(context, new ErrorView { Error = error }, WatchJson.Default.ErrorView);
    }

    private bool IsKnown(string target)
    {
        if (_service.Targets().Any(t => t.Name == target))
            return true;
        using var reader = _service.Store.OpenReader();
        return reader.HasTarget(target);
    }

    private bool BucketExists(string shortId)
    {
        using var reader = _service.Store.OpenReader();
        return reader.Bucket(shortId) is not null;
    }

    /// <summary>
    /// The dashboard's one page, for every route it draws; the script reads the path. Its links are relative to a
    /// base pointing back at the root, so the dashboard also works under a reverse proxy's path prefix.
    /// </summary>
    private static async Task Page(HttpContext context, bool found)
    {
        await using var stream = typeof(WatchServer).Assembly.GetManifestResourceStream("Dashboard/index.html")!;
        var html = await new StreamReader(stream).ReadToEndAsync(context.RequestAborted);
        var depth = (context.Request.Path.Value ?? "/").Count(c => c == '/') - 1;
        var root = depth <= 0 ? "./" : string.Concat(Enumerable.Repeat("../", depth));
        context.Response.StatusCode = found ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(html.Replace("<base href=\"./\">", $"<base href=\"{root}\">", StringComparison.Ordinal), context.RequestAborted);
    }

    /// <summary>
    /// The fleet (or only the target named), by name, with a sparkline over the range: with replicas, the targets the
    /// others scrape too; those not scraped yet are listed without data. A few queries whatever the fleet's size.
    /// </summary>
    private List<TargetView> Targets(DateTimeOffset since, string? only = null)
    {
        using var reader = _service.Store.OpenReader();
        // From the store, not this replica's memory: with replicas, another one may be watching the target.
        var open = reader.Incidents(openOnly: true, limit: int.MaxValue, target: only).CountBy(i => i.Target).ToDictionary();
        var stored = reader.Targets(only).ToDictionary(t => t.Name);
        var watched = _service.Targets().Where(t => only is null || t.Name == only).GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First().BaseUrl.ToString());
        var totals = reader.Totals(since, (DateTimeOffset.UtcNow - since) / SparkPoints, only);
        // A target no longer watched keeps its history: it is listed when its page is asked for.
        var names = watched.Select(w => (Name: w.Key, Url: w.Value)).Concat(stored.Values.Where(s => !watched.ContainsKey(s.Name)).Select(s => (s.Name, s.Url)));
        return [.. names.OrderBy(t => t.Name, StringComparer.Ordinal).Select(target =>
        {
            var t = stored.GetValueOrDefault(target.Name);
            var spark = totals.GetValueOrDefault(target.Name) ?? [];
            return new TargetView
            {
                Name = target.Name, Url = target.Url, Watched = watched.ContainsKey(target.Name), Up = t?.LastOk, LastScrape = t?.LastScrape,
                Error = t?.LastOk == false ? t.LastError : null, Goroutines = t?.LastOk == true ? t.LastTotal : null,
                ScrapeMs = t?.LastDurationMs, Scrapes = t?.Scrapes ?? 0, OpenIncidents = open.GetValueOrDefault(target.Name),
                SparkTimes = [.. spark.Select(s => s.Time.ToUnixTimeMilliseconds() / 1000.0)], Spark = [.. spark.Select(s => s.Total)],
            };
        })];
    }

    /// <summary>A sparkline's points at most: the range in this many steps, the last scrape of each.</summary>
    private const int SparkPoints = 120;

    /// <summary>The newest scrapes first, at most 500: enough to see when a target started failing and why.</summary>
    private List<ScrapeView> Scrapes(string target, DateTimeOffset since)
    {
        using var reader = _service.Store.OpenReader();
        return [.. reader.Scrapes(target, since).Reverse().Take(500).Select(s => new ScrapeView
        {
            Time = s.Time, Ok = s.Ok, Error = s.Error, Goroutines = s.Ok ? s.Total : null, DurationMs = Math.Round(s.DurationMs, 1),
        })];
    }

    private List<IncidentView> Incidents()
    {
        using var reader = _service.Store.OpenReader();
        return [.. IncidentSeverity.Order(reader.Incidents()).Select(View)];
    }

    private static IncidentView View(Incident i) => new()
    {
        Id = i.Id, Target = i.Target, Bucket = i.BucketShortId, Pattern = i.Pattern, BlockingSite = i.BlockingSite,
        Signals = i.Signals.ToString().ToLowerInvariant().Replace(", ", ",", StringComparison.Ordinal),
        Severity = IncidentSeverity.Of(i),
        Started = i.Started, Resolved = i.Resolved, CountAtStart = i.CountAtStart, Count = i.Count, GrowthPerMinute = Math.Round(i.GrowthPerMinute, 2),
    };

    private SeriesView Series(string target, DateTimeOffset since)
    {
        using var reader = _service.Store.OpenReader();
        var rows = reader.PatternSeries(target, since);
        var patterns = rows.SelectMany(r => r.ByPattern.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        return new SeriesView
        {
            Target = target,
            Times = [.. rows.Select(r => r.Time.ToUnixTimeMilliseconds() / 1000.0)],
            Total = [.. rows.Select(r => r.Total)],
            Patterns = patterns.ToDictionary(p => p, p => rows.Select(r => r.ByPattern.GetValueOrDefault(p)).ToList()),
        };
    }

    private BucketView? Bucket(string target, string shortId, DateTimeOffset since)
    {
        using var reader = _service.Store.OpenReader();
        if (reader.Bucket(shortId) is not { } bucket)
            return null;
        var window = reader.Window(target, since);
        var points = window.Series.GetValueOrDefault(bucket.Id) ?? [.. window.Times.Select(t => new Detection.Point(t, 0))];
        var pattern = LeakPatterns.All.FirstOrDefault(p => p.Id == bucket.Pattern) ?? LeakPatterns.Unknown;
        return new BucketView
        {
            Id = bucket.ShortId, Target = target, Pattern = bucket.Pattern, State = bucket.State, Why = pattern.Why, Fix = pattern.Fix,
            BlockingSite = bucket.BlockingSite, InUserCode = bucket.InUserCode, Detailed = bucket.Detailed, FirstSeen = bucket.FirstSeen,
            Stack = bucket.StackText,
            Times = [.. points.Select(p => p.Time.ToUnixTimeMilliseconds() / 1000.0)],
            Counts = [.. points.Select(p => p.Count)],
            Leaked = [.. points.Select(p => p.Leaked)],
            Incidents = [.. IncidentSeverity.Order(reader.Incidents().Where(i => i.Target == target && i.BucketId == bucket.Id)).Select(View)],
        };
    }

    private static Task Json<T>(HttpContext context, T value, JsonTypeInfo<T> type)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    private static async Task Asset(HttpContext context, string name)
    {
        await using var stream = typeof(WatchServer).Assembly.GetManifestResourceStream($"Dashboard/{name}");
        if (stream is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "text/plain; charset=utf-8",
        };
        context.Response.Headers.CacheControl = "no-cache";
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static bool Authorised(HttpContext context, string token)
    {
        if (context.Request.Path == "/healthz")
            return true;
        var offered = context.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? header["Bearer ".Length..]
            : context.Request.Cookies[TokenCookie] ?? context.Request.Query["token"].ToString();
        if (!FixedTimeEquals(offered, token))
            return false;
        if (context.Request.Query.ContainsKey("token"))
            context.Response.Cookies.Append(TokenCookie, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict });
        return true;
    }

    private static bool FixedTimeEquals(string offered, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), Encoding.UTF8.GetBytes(token));

    private static Task Refuse(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return context.Response.WriteAsync("401: this goroscope watch wants a bearer token\n");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
