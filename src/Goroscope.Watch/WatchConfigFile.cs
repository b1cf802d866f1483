using System.Globalization;
using Goroscope.Config;
using Goroscope.Watch.Detection;
using Goroscope.Watch.Targets;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Goroscope.Watch;

/// <summary>
/// `watch.yml`: the fleet watch is pointed at, in a file of its own beside the deployment (not `.goroscope.yml`,
/// which lives with the code). Every setting mirrors a flag, and flags given on the command line win:
/// <code>
/// version: 1
/// watch:
///   interval: 15s
///   targets:
///     - url: http://10.0.0.5:6060
///       name: orders-1
///       labels: { team: payments }
///   file-sd: [ /etc/goroscope/targets/*.json ]
///   detection: { window: 10m, min-growth: 10, min-slope: 1, min-monotonicity: 0.8, min-samples: 5, concentration: 1000 }
///   alertmanager: http://127.0.0.1:9093
///   store: postgres://goroscope@db:5432/goroscope   # or a SQLite file's path (the default)
/// </code>
/// </summary>
public static class WatchConfigFile
{
    public static WatchOptions Load(string path, WatchOptions defaults)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot read {path}: {e.Message.TrimEnd('.')}", e);
        }
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException($"{path}:{e.Start.Line}: {e.Message.TrimEnd('.')}", e);
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode top)
            throw new ConfigException($"{path}:1: expected `version: 1` and a `watch:` mapping");
        var options = defaults;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        foreach (var (key, value) in top.Children)
        {
            switch (Scalar(key))
            {
                case "version":
                    if (Scalar(value) != "1")
                        throw Error(path, value, $"unsupported version {Scalar(value)}: this goroscope reads version 1");
                    break;
                case "watch":
                    options = Watch(path, directory, Mapping(path, value, "`watch` takes a mapping of settings"), options);
                    break;
                default:
                    throw Error(path, key, $"unknown setting `{Scalar(key)}` (version, watch)");
            }
        }
        return options;
    }

    private static WatchOptions Watch(string path, string directory, YamlMappingNode watch, WatchOptions options)
    {
        foreach (var (key, value) in watch.Children)
        {
            options = Scalar(key) switch
            {
                "interval" => options with { Interval = Duration(path, value) },
                "timeout" => options with { Timeout = Duration(path, value) },
                "max-bytes" => options with { MaxBytes = Whole(path, value, 1) },
                "concurrency" => options with { Concurrency = (int)Whole(path, value, 1) },
                "max-backoff" => options with { MaxBackoff = Duration(path, value) },
                "store" or "db" => options with { Store = StorePath(directory, Scalar(value)) },
                "store-buffer" => options with { StoreBuffer = (int)Whole(path, value, 1) },
                "lease-ttl" => options with { LeaseTtl = Duration(path, value) },
                "shard" => options with { Shard = ShardOf(path, value) },
                "retention" => options with { Retention = Duration(path, value) },
                "downsample-after" => options with { DownsampleAfter = Duration(path, value) },
                "downsample-step" => options with { DownsampleStep = Duration(path, value) },
                "listen" => options with { Listen = Scalar(value) },
                "push" => options with { AcceptPushes = Boolean(path, value) },
                "push-max-targets" => options with { PushMaxTargets = (int)Whole(path, value, 1) },
                "token" => options with { Token = Scalar(value) },
                "alertmanager" => options with { Alertmanager = Url(path, value) },
                "webhook" => options with { Webhook = Url(path, value) },
                "external-url" => options with { ExternalUrl = Url(path, value) },
                "alert-repeat" => options with { AlertRepeat = Duration(path, value) },
                "targets" => options with { Targets = [.. options.Targets, .. Targets(path, value)] },
                "file-sd" => options with { FileSd = [.. options.FileSd, .. Sequence(path, value).Select(v => Relative(directory, Scalar(v)))] },
                "detection" => options with { Detection = Detection(path, Mapping(path, value, "`detection` takes a mapping"), options.Detection) },
                _ => throw Error(path, key, $"unknown watch setting `{Scalar(key)}`"),
            };
        }
        return options;
    }

    private static IEnumerable<Target> Targets(string path, YamlNode node)
    {
        foreach (var item in Sequence(path, node))
        {
            if (item is YamlScalarNode)
            {
                yield return Parse(path, item, Scalar(item), null);
                continue;
            }
            var entry = Mapping(path, item, "each target is a URL or a mapping with url, name and labels");
            string? url = null, name = null;
            var labels = new Dictionary<string, string>();
            foreach (var (key, value) in entry.Children)
            {
                switch (Scalar(key))
                {
                    case "url": url = Scalar(value); break;
                    case "name": name = Scalar(value); break;
                    case "labels":
                        foreach (var (label, text) in Mapping(path, value, "`labels` takes `name: value` pairs").Children)
                            labels[Scalar(label)] = Scalar(text);
                        break;
                    default: throw Error(path, key, $"unknown target setting `{Scalar(key)}` (url, name, labels)");
                }
            }
            if (url is null)
                throw Error(path, item, "a target needs a url");
            var target = Parse(path, item, url, labels);
            yield return name is null ? target : target with { Name = name };
        }
    }

    private static Target Parse(string path, YamlNode node, string text, Dictionary<string, string>? labels)
    {
        try
        {
            return Target.Parse(text, labels);
        }
        catch (TargetException e)
        {
            throw Error(path, node, e.Message);
        }
    }

    private static Thresholds Detection(string path, YamlMappingNode node, Thresholds thresholds)
    {
        foreach (var (key, value) in node.Children)
        {
            thresholds = Scalar(key) switch
            {
                "window" => thresholds with { Window = Duration(path, value) },
                "min-samples" => thresholds with { MinSamples = (int)Whole(path, value, 2) },
                "min-growth" => thresholds with { MinGrowth = Whole(path, value, 1) },
                "min-slope" => thresholds with { MinSlopePerMinute = Number(path, value, 0, double.MaxValue) },
                "min-monotonicity" => thresholds with { MinMonotonicity = Number(path, value, 0, 1) },
                "concentration" => thresholds with { Concentration = Whole(path, value, 1) },
                _ => throw Error(path, key, $"unknown detection setting `{Scalar(key)}` (window, min-samples, min-growth, min-slope, min-monotonicity, concentration)"),
            };
        }
        return thresholds;
    }

    private static string Relative(string directory, string path) => System.IO.Path.Combine(directory, path);

    private static string StorePath(string directory, string store) =>
        Storage.PostgresStore.IsUrl(store) ? store : Relative(directory, store);

    private static Fleet.Shard ShardOf(string path, YamlNode node)
    {
        try
        {
            return Fleet.Shard.Parse(Scalar(node));
        }
        catch (ArgumentException e)
        {
            throw Error(path, node, e.Message);
        }
    }

    private static TimeSpan Duration(string path, YamlNode node) =>
        GoDuration.TryParse(Scalar(node), out var value) && value > TimeSpan.Zero ? value
            : throw Error(path, node, $"{Scalar(node)} is not a duration (write it like {GoDuration.Examples})");

    private static long Whole(string path, YamlNode node, long min) =>
        long.TryParse(Scalar(node), CultureInfo.InvariantCulture, out var value) && value >= min ? value
            : throw Error(path, node, $"{Scalar(node)} is not a whole number of at least {min}");

    private static bool Boolean(string path, YamlNode node) => Scalar(node) switch
    {
        "true" => true,
        "false" => false,
        var other => throw Error(path, node, $"{other} is not true or false"),
    };

    private static double Number(string path, YamlNode node, double min, double max) =>
        double.TryParse(Scalar(node), CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
            : throw Error(path, node, $"{Scalar(node)} is not a number from {min} to {max}");

    private static Uri Url(string path, YamlNode node) =>
        Uri.TryCreate(Scalar(node), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
            : throw Error(path, node, $"{Scalar(node)} is not an http(s) URL");

    private static YamlMappingNode Mapping(string path, YamlNode node, string message) =>
        node as YamlMappingNode ?? throw Error(path, node, message);

    private static YamlSequenceNode Sequence(string path, YamlNode node) =>
        node as YamlSequenceNode ?? throw Error(path, node, "expected a list");

    private static ConfigException Error(string path, YamlNode node, string message) => new($"{path}:{node.Start.Line}: {message}");

    private static string Scalar(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value ?? "" : "";
}
