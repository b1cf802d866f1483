namespace Goroscope.Watch.Targets;

/// <summary>
/// The targets to scrape now: those given on the command line or in the config file, plus those of the
/// file_sd files, which are read again whenever their modification time changes. A file that turns bad keeps
/// its last good targets and reports the problem once.
/// </summary>
internal sealed class TargetCatalog(IReadOnlyList<Target> fixedTargets, IReadOnlyList<string> fileSdPaths, Action<string> report)
{
    private readonly Dictionary<string, (DateTime Stamp, IReadOnlyList<Target> Targets)> _files = [];
    private readonly HashSet<string> _reportedDuplicates = [];
    private readonly Lock _lock = new();

    /// <summary>A path whose file name has `*` or `?` stands for the files it matches now, as in Prometheus.</summary>
    private static IEnumerable<string> Expand(string path)
    {
        var name = Path.GetFileName(path);
        if (name.IndexOfAny(['*', '?']) < 0)
            return [path];
        var directory = Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".";
        return Directory.Exists(directory) ? Directory.GetFiles(directory, name).Order(StringComparer.Ordinal) : [];
    }

    /// <summary>Every target, by name; a later duplicate name is dropped with a report.</summary>
    public IReadOnlyList<Target> Current()
    {
        lock (_lock)
            return Read();
    }

    private List<Target> Read()
    {
        var paths = fileSdPaths.SelectMany(Expand).Distinct().ToList();
        foreach (var path in paths)
        {
            var stamp = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
            if (_files.TryGetValue(path, out var known) && known.Stamp == stamp)
                continue;
            try
            {
                _files[path] = (stamp, stamp == DateTime.MinValue ? [] : FileSd.Load(path));
                if (known.Targets is not null)
                    report($"reloaded {path}: {_files[path].Targets.Count} target(s)");
            }
            catch (TargetException e)
            {
                report(e.Message);
                _files[path] = (stamp, known.Targets ?? []);
            }
        }
        var byName = new Dictionary<string, Target>();
        foreach (var target in fixedTargets.Concat(paths.SelectMany(p => _files[p].Targets)))
            if (!byName.TryAdd(target.Name, target) && byName[target.Name].BaseUrl != target.BaseUrl && _reportedDuplicates.Add(target.Name))
                report($"target name {target.Name} is used twice; keeping {byName[target.Name].BaseUrl}");
        return [.. byName.Values];
    }
}
