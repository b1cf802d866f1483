using System.Globalization;
using Goroscope.Analysis.Diff;
using Goroscope.Analysis.Ignore;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Goroscope.Config;

/// <summary>
/// `.goroscope.yml`, shared by every verb and kept in the repository beside the code it describes:
/// <code>
/// version: 1
/// ignore:                      # goroutines left out of leak verdicts
///   - top-function: example.com/pool.(*Pool).worker
///   - any-function: example.com/metrics.flushLoop
///   - created-by: example.com/cache.New
///   - state: "IO wait|select"  # a regular expression over the wait state
///   - package: "go.opencensus.io/*"
/// presets:                     # built-in lists, all on unless turned off
///   testing: false
/// diff:                        # defaults for diff and check; flags override them
///   fail-on: grown
///   min-growth: 5
///   min-ratio: 1.5
/// lint:                        # goroscope lint: each rule on, off, or on at a severity
///   rules:
///     client-without-timeout: off
///     defer-in-loop: error     # error, warning or note (and on)
/// </code>
/// </summary>
public sealed class GoroscopeConfig
{
    public const string FileName = ".goroscope.yml";
    public const int Version = 1;

    public static GoroscopeConfig Empty { get; } = new();

    /// <summary>Where it was read from; null for no file.</summary>
    public string? Path { get; private init; }

    public IReadOnlyList<IgnoreRule> Ignore { get; private init; } = [];

    /// <summary>Presets switched on or off by name.</summary>
    public IReadOnlyDictionary<string, bool> Presets { get; private init; } = new Dictionary<string, bool>();

    public FailOn? FailOn { get; private init; }
    public long? MinGrowth { get; private init; }
    public double? MinRatio { get; private init; }

    /// <summary>`lint: rules:` settings in file order; rule ids are checked by the lint verb, which knows them.</summary>
    public IReadOnlyList<LintRuleConfig> LintRules { get; private init; } = [];

    /// <summary>The nearest `.goroscope.yml` in this directory or above it, or null.</summary>
    public static string? Find(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    public static GoroscopeConfig Load(string path)
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
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            return new GoroscopeConfig { Path = path };
        return Parse(path, yaml.Documents[0].RootNode);
    }

    private static GoroscopeConfig Parse(string path, YamlNode root)
    {
        ConfigException Error(YamlNode node, string message) => new($"{path}:{node.Start.Line}: {message}");
        if (root is not YamlMappingNode top)
            throw Error(root, "expected a mapping of settings at the top");

        var ignore = new List<IgnoreRule>();
        var presets = new Dictionary<string, bool>();
        FailOn? failOn = null;
        long? minGrowth = null;
        double? minRatio = null;
        var lintRules = new List<LintRuleConfig>();
        var version = Version;
        foreach (var (keyNode, value) in top.Children)
        {
            switch (Scalar(keyNode))
            {
                case "version":
                    if (!int.TryParse(Scalar(value), CultureInfo.InvariantCulture, out version) || version != Version)
                        throw Error(value, $"unsupported version {Scalar(value)}: this goroscope reads version {Version}");
                    break;
                case "ignore":
                    if (value is not YamlSequenceNode rules)
                        throw Error(value, "`ignore` takes a list of rules such as `- top-function: NAME`");
                    foreach (var item in rules)
                    {
                        if (item is not YamlMappingNode { Children.Count: 1 } rule)
                            throw Error(item, "each ignore rule is one `kind: value` pair");
                        var (kind, text) = rule.Children.First();
                        if (text is not YamlScalarNode)
                            throw Error(text, $"`{Scalar(kind)}` takes one value, not a list or mapping (write one rule per value)");
                        var parsed = IgnoreRule.KindNamed(Scalar(kind))
                            ?? throw Error(kind, $"unknown ignore rule `{Scalar(kind)}` (top-function, any-function, created-by, state, package)");
                        try
                        {
                            ignore.Add(new IgnoreRule(parsed, Scalar(text)));
                        }
                        catch (ArgumentException)
                        {
                            throw Error(text, $"`{Scalar(text)}` is not a valid regular expression");
                        }
                    }
                    break;
                case "presets":
                    if (value is not YamlMappingNode switches)
                        throw Error(value, "`presets` takes `name: true|false` pairs");
                    foreach (var (name, on) in switches.Children)
                    {
                        if (!IgnorePresets.All.ContainsKey(Scalar(name)))
                            throw Error(name, $"unknown preset `{Scalar(name)}` ({string.Join(", ", IgnorePresets.All.Keys)})");
                        presets[Scalar(name)] = Scalar(on) switch
                        {
                            "true" => true,
                            "false" => false,
                            _ => throw Error(on, "a preset is `true` or `false`"),
                        };
                    }
                    break;
                case "diff":
                    if (value is not YamlMappingNode diff)
                        throw Error(value, "`diff` takes fail-on, min-growth and min-ratio");
                    foreach (var (name, setting) in diff.Children)
                    {
                        var text = Scalar(setting);
                        switch (Scalar(name))
                        {
                            case "fail-on":
                                failOn = text switch
                                {
                                    "new" => Analysis.Diff.FailOn.New,
                                    "grown" => Analysis.Diff.FailOn.Grown,
                                    "any" => Analysis.Diff.FailOn.Any,
                                    _ => throw Error(setting, "fail-on is new, grown or any"),
                                };
                                break;
                            case "min-growth":
                                minGrowth = long.TryParse(text, CultureInfo.InvariantCulture, out var g) && g >= 1 ? g
                                    : throw Error(setting, "min-growth is a whole number of at least 1");
                                break;
                            case "min-ratio":
                                minRatio = double.TryParse(text, CultureInfo.InvariantCulture, out var r) && r >= 1 ? r
                                    : throw Error(setting, "min-ratio is a number of at least 1");
                                break;
                            default:
                                throw Error(name, $"unknown diff setting `{Scalar(name)}`");
                        }
                    }
                    break;
                case "lint":
                    if (value is not YamlMappingNode lint)
                        throw Error(value, "`lint` takes `rules:`");
                    foreach (var (name, setting) in lint.Children)
                    {
                        if (Scalar(name) != "rules")
                            throw Error(name, $"unknown lint setting `{Scalar(name)}` (rules)");
                        if (setting is not YamlMappingNode ruleSettings)
                            throw Error(setting, "`rules` takes `rule-id: on|off|error|warning|note` pairs");
                        foreach (var (rule, state) in ruleSettings.Children)
                        {
                            var text = Scalar(state);
                            if (text is not ("on" or "off" or "true" or "false" or "error" or "warning" or "note"))
                                throw Error(state, $"`{Scalar(rule)}` is on, off, error, warning or note, not `{text}`");
                            lintRules.Add(new LintRuleConfig(Scalar(rule), text, (int)rule.Start.Line));
                        }
                    }
                    break;
                default:
                    throw Error(keyNode, $"unknown setting `{Scalar(keyNode)}` (version, ignore, presets, diff, lint)");
            }
        }
        return new GoroscopeConfig { Path = path, Ignore = ignore, Presets = presets, FailOn = failOn, MinGrowth = minGrowth, MinRatio = minRatio, LintRules = lintRules };
    }

    private static string Scalar(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value ?? "" : "";
}

/// <summary>One `lint: rules:` entry: a rule id, its setting (on, off, error, warning, note) and the line it is on.</summary>
public sealed record LintRuleConfig(string Rule, string Setting, int Line);
