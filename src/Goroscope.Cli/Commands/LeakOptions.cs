using System.CommandLine;
using Goroscope.Analysis.Diff;
using Goroscope.Analysis.Ignore;
using Goroscope.Config;

namespace Goroscope.Cli.Commands;

/// <summary>
/// `.goroscope.yml` and the ignore rules and presets: what `diff`, `check` and `test` all leave out. Flags add to
/// the file's rules.
/// </summary>
internal sealed class IgnoreOptions
{
    private readonly Option<string?> _config = new("--config") { Description = $"Settings file; by default the nearest {GoroscopeConfig.FileName} in this directory or above." };
    private readonly Dictionary<IgnoreKind, Option<string[]>> _ignore = Enum.GetValues<IgnoreKind>().ToDictionary(kind => kind, kind =>
        new Option<string[]>($"--ignore-{IgnoreRule.Name(kind)}")
        {
            Description = kind switch
            {
                IgnoreKind.TopFunction => "Ignore goroutines whose innermost frame is this function (repeatable).",
                IgnoreKind.AnyFunction => "Ignore goroutines with this function anywhere in their stack (repeatable).",
                IgnoreKind.CreatedBy => "Ignore goroutines started by this function (repeatable).",
                IgnoreKind.State => "Ignore goroutines whose wait state matches this regular expression (repeatable).",
                _ => "Ignore goroutines blocked in a package matching this glob, e.g. 'go.opencensus.io/*' (repeatable).",
            },
            Arity = ArgumentArity.ZeroOrMore,
        });
    private readonly Option<string[]> _noPreset = new("--no-preset")
    {
        Description = $"Turn off a built-in ignore list: {string.Join(", ", IgnorePresets.All.Keys)} (repeatable).",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private readonly Option<bool> _noPresets = new("--no-presets") { Description = "Turn off every built-in ignore list." };

    public IEnumerable<Option> All => [_config, .. _ignore.Values, _noPreset, _noPresets];

    /// <summary>The ignore rules these arguments and the settings file say, with the settings file.</summary>
    /// <exception cref="UsageException">A bad value or settings file.</exception>
    public (IgnoreRules Ignore, GoroscopeConfig Config) Resolve(ParseResult args)
    {
        var config = LoadConfig(args.GetValue(_config));
        var rules = new List<IgnoreRule>(config.Ignore);
        foreach (var (kind, option) in _ignore)
            foreach (var value in args.GetValue(option) ?? [])
            {
                try
                {
                    rules.Add(new IgnoreRule(kind, value));
                }
                catch (ArgumentException)
                {
                    throw new UsageException($"--ignore-{IgnoreRule.Name(kind)} {value}: not a valid regular expression");
                }
            }
        var off = new HashSet<string>(args.GetValue(_noPreset) ?? []);
        foreach (var name in off)
            if (!IgnorePresets.All.ContainsKey(name))
                throw new UsageException($"--no-preset {name}: no such preset ({string.Join(", ", IgnorePresets.All.Keys)})");
        var presets = args.GetValue(_noPresets) ? [] : IgnorePresets.All.Keys
            .Where(name => !off.Contains(name) && config.Presets.GetValueOrDefault(name, true)).ToList();
        return (new IgnoreRules(rules, presets), config);
    }

    /// <summary>The settings file named by --config, else the nearest one; a bad file is a usage error.</summary>
    internal static GoroscopeConfig LoadConfig(string? path)
    {
        try
        {
            if (path is not null)
                return File.Exists(path) ? GoroscopeConfig.Load(path) : throw new UsageException($"--config {path}: no such file");
            return GoroscopeConfig.Find(Environment.CurrentDirectory) is { } found ? GoroscopeConfig.Load(found) : GoroscopeConfig.Empty;
        }
        catch (ConfigException e)
        {
            throw new UsageException(e.Message);
        }
    }
}

/// <summary>
/// The options `diff` and `check` share: the ignore options, the leak thresholds and baseline files. Flags
/// override the settings file's thresholds.
/// </summary>
internal sealed class LeakOptions
{
    private readonly IgnoreOptions _ignoreOptions = new();
    private readonly Option<string?> _failOn = new Option<string?>("--fail-on") { Description = "Which changes are leaks: new stacks, grown stacks, or any (default any)." }
        .AcceptOnlyFromAmong("new", "grown", "any");
    private readonly Option<long?> _minGrowth = new Option<long?>("--min-growth") { Description = "A change is a leak only with at least this many more goroutines (default 1)." }.AtLeast(1);
    private readonly Option<double?> _minRatio = new Option<double?>("--min-ratio") { Description = "A grown stack is a leak only at this many times its earlier count or more (default 1)." }.AtLeast(1);
    private readonly Option<string?> _baseline = new("--baseline") { Description = "A baseline file (from --write-baseline): accepted counts that a stack must exceed to leak." };
    private readonly Option<string?> _writeBaseline = new("--write-baseline") { Description = "Accept the current state: write its counts to this file for later runs' --baseline." };

    public IEnumerable<Option> All =>
        [.. _ignoreOptions.All, _failOn, _minGrowth, _minRatio, _baseline, _writeBaseline];

    public string? WriteBaselinePath(ParseResult args) => args.GetValue(_writeBaseline);

    /// <summary>The ignore rules and the gate these arguments and the settings file say.</summary>
    /// <exception cref="UsageException">A bad value, settings file or baseline file.</exception>
    public (IgnoreRules Ignore, LeakGate Gate) Resolve(ParseResult args)
    {
        var (ignore, config) = _ignoreOptions.Resolve(args);
        var gate = new LeakGate(
            args.GetValue(_failOn) is { } failOn ? Enum.Parse<FailOn>(failOn, ignoreCase: true) : config.FailOn ?? FailOn.Any,
            args.GetValue(_minGrowth) ?? config.MinGrowth ?? 1,
            args.GetValue(_minRatio) ?? config.MinRatio ?? 1);
        if (gate.MinGrowth < 1)
            throw new UsageException($"--min-growth {gate.MinGrowth}: must be at least 1");
        if (gate.MinRatio < 1)
            throw new UsageException($"--min-ratio {gate.MinRatio}: must be at least 1");
        if (args.GetValue(_baseline) is { } path)
        {
            try
            {
                gate = gate with { Accepted = BaselineFile.Read(path) };
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                throw new UsageException(e is FileNotFoundException ? $"--baseline {path}: no such file" : e.Message);
            }
        }
        return (ignore, gate);
    }
}
