using System.Net;
using System.Text.Json;
using Goroscope.Watch.Alerting;
using Goroscope.Watch.Detection;
using Goroscope.Watch.Storage;
using static Goroscope.Watch.Tests.Scrapes;

namespace Goroscope.Watch.Tests;

public class AlertPayloadTests
{
    private static readonly Incident Open = new(7, "svc", 3, "dbb24a0e56e5", "chan-send", "main.handleRequest main.go:385",
        T0, null, LeakSignal.Growth, 12.5, 100, 175);

    private static AlertEvent Event(Incident incident) =>
        new(incident, Target(), "give a single-result channel a buffer of 1", new Uri("http://127.0.0.1:9177/targets/svc/buckets/dbb24a0e56e5"));

    [Fact]
    public void AlertmanagerAlert_CarriesRoutingLabelsAndReadableAnnotations()
    {
        var alert = AlertmanagerReceiver.Alert(Event(Open));
        Assert.Equal(new Dictionary<string, string> { ["alertname"] = "GoroutineLeak", ["target"] = "svc", ["pattern"] = "chan-send", ["severity"] = "warning", ["bucket"] = "dbb24a0e56e5" }, alert.Labels);
        Assert.Equal("svc: 175 goroutines stuck at main.handleRequest main.go:385 (chan-send)", alert.Annotations["summary"]);
        Assert.Equal("main.handleRequest main.go:385", alert.Annotations["blocking_site"]);
        Assert.Equal("12.5", alert.Annotations["growth_per_minute"]);
        Assert.Null(alert.EndsAt);
    }

    [Fact]
    public void ResolvedIncident_EndsTheAlert_AndProvedLeaksAreCritical()
    {
        var resolved = Open with { Resolved = T0.AddMinutes(30), Signals = LeakSignal.RuntimeLeaked };
        var alert = AlertmanagerReceiver.Alert(Event(resolved));
        Assert.Equal(T0.AddMinutes(30), alert.EndsAt);
        Assert.Equal("critical", alert.Labels["severity"]);
        Assert.Equal("resolved", WebhookReceiver.Event(Event(resolved)).State);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9093", "http://127.0.0.1:9093/api/v2/alerts")]
    [InlineData("http://127.0.0.1:9093/", "http://127.0.0.1:9093/api/v2/alerts")]
    [InlineData("http://monitoring.local/alertmanager", "http://monitoring.local/alertmanager/api/v2/alerts")]
    public async Task Alertmanager_IsPostedUnderItsBaseUrl(string baseUrl, string expected)
    {
        var handler = new Recorder();
        using var http = new HttpClient(handler);
        await new AlertmanagerReceiver(http, new Uri(baseUrl)).SendAsync([Event(Open)], CancellationToken.None);
        Assert.Equal(expected, handler.Uri!.ToString());
        using var body = JsonDocument.Parse(handler.Body!);
        Assert.Equal("GoroutineLeak", body.RootElement[0].GetProperty("labels").GetProperty("alertname").GetString());
    }

    private sealed class Recorder : HttpMessageHandler
    {
        public Uri? Uri { get; private set; }
        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Uri = request.RequestUri;
            Body = await request.Content!.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
