using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Goroscope.Tests;
using Goroscope.Watch.Push.Proto;
using Goroscope.Watch.Server;
using Goroscope.Watch.Targets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Goroscope.Watch.Tests.Live;

/// <summary>
/// Profiles pushed to /push.v1.PusherService/Push as Grafana Alloy's pyroscope.write sends them: recorded leakzoo
/// profiles (testdata/dumps/go1.27, testdata/record.sh), pushed and also served for scraping, judged alike.
/// </summary>
public class PushTests
{
    private static WatchOptions Options(params Target[] targets) => GoTargetTests.Options(targets) with { AcceptPushes = true };

    private static readonly byte[] Scale1 = File.ReadAllBytes(Paths.Dump("go1.27", "leakzoo.scale1.debug0.pb.gz"));
    private static readonly byte[] Scale3 = File.ReadAllBytes(Paths.Dump("go1.27", "leakzoo.scale3.debug0.pb.gz"));

    /// <summary>A leakzoo that grew: the scale-1 recording twice, then the scale-3 one ever after.</summary>
    private static byte[] Growing(int step) => step < 2 ? Scale1 : Scale3;

    [Fact]
    public async Task PushedProfiles_GiveTheBucketsAndIncidentsOfScrapingTheSameProfiles()
    {
        var scrapes = 0;
        await using var served = await ServedProfiles.StartAsync(() => Growing(Interlocked.Increment(ref scrapes) - 1));
        await using var watch = await LiveWatch.StartAsync(Options(Target.Parse($"scraped={served.Url}")));
        using var http = new HttpClient { BaseAddress = watch.Server.Address };

        // Every incident opened, resolved ones too: once the window holds only the scale-3 points, growth is over.
        IReadOnlyList<(string, string, string)> Incidents(string target)
        {
            using var reader = watch.Service.Store.OpenReader();
            return [.. reader.Incidents(target: target).Select(i => (i.BucketShortId, i.Pattern, i.BlockingSite)).Order()];
        }
        var pushes = 0;
        var same = await watch.PollAsync(async () =>
        {
            var pushed = await Push(http, Request(Series("goroutine", Growing(pushes++), ("service_name", "leakzoo"), ("pod", "pushed"))));
            Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
            await Task.Delay(250);
            var (fromScrapes, fromPushes) = (Incidents("scraped"), Incidents("leakzoo/pushed"));
            return fromScrapes.Count > 0 && fromScrapes.SequenceEqual(fromPushes) ? fromPushes : null;
        }, TimeSpan.FromSeconds(20), "the same incidents from pushes as from scrapes");

        Assert.Contains(("chan-send", "main.handleRequest main.go:385"), same.Select(i => (i.Item2, i.Item3)));
        using var reader = watch.Service.Store.OpenReader();
        var scrapedBuckets = reader.LatestBuckets("scraped").Select(b => (b.Bucket.Key, b.Count, b.Leaked)).Order().ToList();
        Assert.Equal(scrapedBuckets, reader.LatestBuckets("leakzoo/pushed").Select(b => (b.Bucket.Key, b.Count, b.Leaked)).Order());
        Assert.True(scrapedBuckets.Count > 10);
        Assert.Contains(watch.Service.Targets(), t => t.Name == "leakzoo/pushed" && t.IsPushed);
    }

    [Fact]
    public async Task PushedGoroutineLeakProfile_MarksTheProvedBucketsLeaked()
    {
        await using var watch = await LiveWatch.StartAsync(Options());
        using var http = new HttpClient { BaseAddress = watch.Server.Address };
        // The goroutine profile first: within one request the leak profile is applied whatever the order.
        var response = await Push(http, Request(
            Series("goroutine", File.ReadAllBytes(Paths.Dump("go1.27", "leakzoo.debug0.pb.gz"))),
            Series("goroutineleak", File.ReadAllBytes(Paths.Dump("go1.27", "leakzoo.leak.debug0.pb.gz")))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var handle = await watch.WaitForAsync(() =>
        {
            using var reader = watch.Service.Store.OpenReader();
            return reader.LatestBuckets("checkout/checkout-7f9c").Where(b => b.Bucket.BlockingSite == "main.handleRequest main.go:385")
                .Select(b => new[] { b.Count, b.Leaked }).FirstOrDefault();
        }, TimeSpan.FromSeconds(10), "the pushed profile stored");
        Assert.Equal([53L, 53L], handle);
        var incident = await watch.WaitForAsync(() => watch.Service.Tracker.OpenIncidents().FirstOrDefault(), TimeSpan.FromSeconds(10), "an incident");
        Assert.Equal(("checkout/checkout-7f9c", Detection.LeakSignal.RuntimeLeaked), (incident.Target, incident.Signals & Detection.LeakSignal.RuntimeLeaked));
    }

    [Fact]
    public async Task OtherProfileTypes_AreSkippedAndCounted()
    {
        await using var watch = await LiveWatch.StartAsync(Options());
        using var http = new HttpClient { BaseAddress = watch.Server.Address };
        var response = await Push(http, Request(Series("process_cpu", [1, 2, 3])));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var metrics = await http.GetStringAsync("metrics");
        Assert.Contains("goroscope_watch_pushed_profiles_total{kind=\"skipped\"} 1", metrics);
        Assert.Empty(watch.Service.Targets());
    }

    [Theory]
    [InlineData("not protobuf")]
    [InlineData("not pprof")]
    [InlineData("no target")]
    public async Task MalformedPushes_Get400WithAConnectErrorAndAreCounted(string what)
    {
        await using var watch = await LiveWatch.StartAsync(Options());
        using var http = new HttpClient { BaseAddress = watch.Server.Address };
        var body = what switch
        {
            "not protobuf" => [0xff, 0xff, 0xff, 0xff],
            "not pprof" => Request(Series("goroutine", Encoding.UTF8.GetBytes("<html>login</html>"))),
            _ => new PushRequest { Series = { new RawProfileSeries { Labels = { new LabelPair { Name = "__name__", Value = "goroutine" } }, Samples = { new RawSample { RawProfile = ByteString.CopyFrom(Scale1) } } } } }.ToByteArray(),
        };
        var response = await Push(http, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_argument", await ErrorCode(response));
        Assert.Contains("goroscope_watch_push_requests_total{result=\"bad_request\"} 1", await http.GetStringAsync("metrics"));
        Assert.Empty(watch.Service.Targets());
    }

    [Fact]
    public async Task PushUnderAScrapedTargetsName_IsRefused()
    {
        await using var watch = await LiveWatch.StartAsync(Options(Target.Parse("checkout=http://127.0.0.1:1")));
        using var http = new HttpClient { BaseAddress = watch.Server.Address };
        var response = await Push(http, Request(Series("goroutine", Scale1, ("service_name", "checkout"))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("checkout is the name of a scraped target: push it under another service_name or pod", error.RootElement.GetProperty("message").GetString());
        Assert.DoesNotContain(watch.Service.Targets(), t => t.IsPushed);
    }

    [Fact]
    public async Task ConnectJson_Gets415NamingTheProtoCodec()
    {
        await using var watch = await LiveWatch.StartAsync(Options());
        using var http = new HttpClient { BaseAddress = watch.Server.Address };
        var response = await http.PostAsync(PushEndpoint.Route, new StringContent("{\"series\": []}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/proto", response.Headers.GetValues("Accept-Post").Single());
        Assert.Equal("unimplemented", await ErrorCode(response));
        Assert.Contains("goroscope_watch_push_requests_total{result=\"unsupported_media_type\"} 1", await http.GetStringAsync("metrics"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OversizedPushes_Get413WithOrWithoutAContentLength(bool contentLength)
    {
        await using var watch = await LiveWatch.StartAsync(Options() with { MaxBytes = 16 << 10 });
        using var http = new HttpClient { BaseAddress = watch.Server.Address };
        var body = Request(Series("goroutine", new byte[64 << 10]));
        HttpContent content = contentLength ? new ByteArrayContent(body) : new StreamContent(new UnknownLength(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/proto");
        var response = await http.PostAsync(PushEndpoint.Route, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("resource_exhausted", await ErrorCode(response));
        Assert.Contains("goroscope_watch_push_requests_total{result=\"too_large\"} 1", await http.GetStringAsync("metrics"));
        Assert.Equal("ok\n", await http.GetStringAsync("healthz"));
    }

    [Fact]
    public async Task PushNamingATargetBeyondTheCap_Gets429AndIsCounted_WhileKnownTargetsPushOn()
    {
        await using var watch = await LiveWatch.StartAsync(Options() with { PushMaxTargets = 2 });
        using var http = new HttpClient { BaseAddress = watch.Server.Address };
        foreach (var pod in new[] { "a", "b" })
            Assert.Equal(HttpStatusCode.OK, (await Push(http, Request(Series("goroutine", Scale1, ("service_name", "shop"), ("pod", pod))))).StatusCode);

        var third = await Push(http, Request(Series("goroutine", Scale1, ("service_name", "shop"), ("pod", "c"))));
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("resource_exhausted", await ErrorCode(third));
        Assert.Equal(HttpStatusCode.OK, (await Push(http, Request(Series("goroutine", Scale1, ("service_name", "shop"), ("pod", "a"))))).StatusCode);
        var metrics = await http.GetStringAsync("metrics");
        Assert.Contains("goroscope_watch_push_requests_total{result=\"too_many_targets\"} 1", metrics);
        Assert.Contains("goroscope_watch_pushing_targets 2", metrics);
        Assert.Equal(["shop/a", "shop/b"], watch.Service.Targets().Select(t => t.Name).Order());
    }

    [Fact]
    public async Task RefusedPush_SaysTheCapAndWhenAPlaceFrees_WithoutNamingACommandLineFlag()
    {
        // The cap may come from watch.yml as well as the command line; the pusher's operator sees this message.
        await using var watch = await LiveWatch.StartAsync(Options() with { PushMaxTargets = 1 });
        using var http = new HttpClient { BaseAddress = watch.Server.Address };
        Assert.Equal(HttpStatusCode.OK, (await Push(http, Request(Series("goroutine", Scale1, ("service_name", "shop"), ("pod", "a"))))).StatusCode);

        var refused = await Push(http, Request(Series("goroutine", Scale1, ("service_name", "shop"), ("pod", "b"))));
        using var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("shop/b: 1 targets push already, at most 1 may; a place frees when a target has pushed nothing for 10 minutes",
            error.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task GoroutineLeakProfilesAlone_CountAgainstTheTargetCap()
    {
        // A leak profile is held for the goroutine profiles that follow it, so its name takes a place too.
        await using var watch = await LiveWatch.StartAsync(Options() with { PushMaxTargets = 1 });
        using var http = new HttpClient { BaseAddress = watch.Server.Address };
        var leak = File.ReadAllBytes(Paths.Dump("go1.27", "leakzoo.leak.debug0.pb.gz"));
        Assert.Equal(HttpStatusCode.OK, (await Push(http, Request(Series("goroutineleak", leak, ("service_name", "one"))))).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await Push(http, Request(Series("goroutineleak", leak, ("service_name", "two"))))).StatusCode);
    }

    [Fact]
    public async Task GzippedBodyExpandingBeyondMaxBytes_Gets413()
    {
        await using var watch = await LiveWatch.StartAsync(Options() with { MaxBytes = 1 << 20 });
        using var http = new HttpClient { BaseAddress = watch.Server.Address };
        // 64 MiB of zeros in a raw profile: the request is about 64 KiB gzipped.
        var content = new ByteArrayContent(Gzip(Request(Series("goroutine", new byte[64 << 20]))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/proto");
        content.Headers.ContentEncoding.Add("gzip");
        var response = await http.PostAsync(PushEndpoint.Route, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("goroscope_watch_push_requests_total{result=\"too_large\"} 1", await http.GetStringAsync("metrics"));
    }

    [Fact]
    public async Task RawProfileExpandingBeyondMaxBytes_Gets400NamingTheCap()
    {
        await using var watch = await LiveWatch.StartAsync(Options() with { MaxBytes = 1 << 20 });
        using var http = new HttpClient { BaseAddress = watch.Server.Address };
        // The profile itself is the bomb: a real profile with a 64 MiB field of zeros after it, gzipped as pprof profiles are.
        using var profile = new MemoryStream();
        using (var gunzip = new System.IO.Compression.GZipStream(new MemoryStream(Scale1), System.IO.Compression.CompressionMode.Decompress))
            gunzip.CopyTo(profile);
        var output = new CodedOutputStream(profile);
        output.WriteTag(100, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(new byte[64 << 20]));
        output.Flush();
        var response = await Push(http, Request(Series("goroutine", Gzip(profile.ToArray()))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("checkout/checkout-7f9c: the goroutine profile cannot be read: gzip data expands to more than 1 MiB; refusing to read further",
            error.RootElement.GetProperty("message").GetString());
        Assert.Empty(watch.Service.Targets());
    }

    [Fact]
    public async Task GzippedRequestBody_IsTaken()
    {
        await using var watch = await LiveWatch.StartAsync(Options());
        using var http = new HttpClient { BaseAddress = watch.Server.Address };
        using var gzipped = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(gzipped, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(Request(Series("goroutine", Scale1)));
        var content = new ByteArrayContent(gzipped.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/proto");
        content.Headers.ContentEncoding.Add("gzip");
        var response = await http.PostAsync(PushEndpoint.Route, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("goroscope_watch_pushed_profiles_total{kind=\"goroutine\"} 1", await http.GetStringAsync("metrics"));
    }

    [Fact]
    public async Task WithoutPush_TheRouteDoesNotExist()
    {
        await using var watch = await LiveWatch.StartAsync(GoTargetTests.Options());
        using var http = new HttpClient { BaseAddress = watch.Server.Address };
        var response = await Push(http, Request(Series("goroutine", Scale1)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(watch.Service.Targets());
    }

    private static RawProfileSeries Series(string profile, byte[] raw, params (string Name, string Value)[] labels)
    {
        var series = new RawProfileSeries { Labels = { new LabelPair { Name = "__name__", Value = profile } } };
        foreach (var (name, value) in labels.Length > 0 ? labels : [("service_name", "checkout"), ("pod", "checkout-7f9c"), ("namespace", "shop")])
            series.Labels.Add(new LabelPair { Name = name, Value = value });
        series.Samples.Add(new RawSample { RawProfile = ByteString.CopyFrom(raw), ID = Guid.NewGuid().ToString() });
        return series;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var gzipped = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(gzipped, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(bytes);
        return gzipped.ToArray();
    }

    private static byte[] Request(params RawProfileSeries[] series) => new PushRequest { Series = { series } }.ToByteArray();

    private static Task<HttpResponseMessage> Push(HttpClient http, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/proto");
        return http.PostAsync(PushEndpoint.Route, content);
    }

    private static async Task<string> ErrorCode(HttpResponseMessage response)
    {
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(error.RootElement.GetProperty("message").GetString()!.Length > 0);
        return error.RootElement.GetProperty("code").GetString()!;
    }

    /// <summary>A body sent chunked: its length is not known before it is read.</summary>
    private sealed class UnknownLength(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    /// <summary>A copy of a Go process's pprof handler: /debug/pprof/goroutine answers with the profile given; no goroutineleak, no debug=2.</summary>
    private sealed class ServedProfiles : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private ServedProfiles(WebApplication app, string url) => (_app, Url) = (app, url);

        public string Url { get; }

        public static async Task<ServedProfiles> StartAsync(Func<byte[]> goroutine)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.MapGet("/debug/pprof/goroutine", context => context.Request.Query["debug"] == "0"
                ? context.Response.Body.WriteAsync(goroutine()).AsTask()
                : Task.FromResult(context.Response.StatusCode = StatusCodes.Status404NotFound));
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new ServedProfiles(app, address);
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
