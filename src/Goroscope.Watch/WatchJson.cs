using System.Text.Json.Serialization;
using Goroscope.Watch.Alerting;
using Goroscope.Watch.Server;
using Goroscope.Watch.Targets;

namespace Goroscope.Watch;

/// <summary>Source-generated JSON for every document watch reads or writes: no reflection, so it works compiled ahead of time.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(List<FileSdGroup>))]
[JsonSerializable(typeof(List<AlertmanagerAlert>))]
[JsonSerializable(typeof(WebhookPayload))]
[JsonSerializable(typeof(List<TargetView>))]
[JsonSerializable(typeof(List<ScrapeView>))]
[JsonSerializable(typeof(SeriesView))]
[JsonSerializable(typeof(List<IncidentView>))]
[JsonSerializable(typeof(BucketView))]
[JsonSerializable(typeof(ErrorView))]
[JsonSerializable(typeof(ConnectError))]
internal sealed partial class WatchJson : JsonSerializerContext;
