using Goroscope.Analysis;
using Goroscope.Analysis.Source;
using Goroscope.Reports;
using Goroscope.Sources;

namespace Goroscope.Cli.Commands;

/// <summary>Loads one source and analyses one of its snapshots: what `analyze` and `diff` share.</summary>
internal static class Analysing
{
    /// <param name="which">1-based index of the dump to use when the input holds several; 0 for the last.</param>
    /// <param name="sources">Reads the top buckets' blocking statements where their source is found; null reads none.</param>
    public static async Task<(AnalysisResult Result, ReportContext Context)> LoadAsync(
        string source, SourceOptions options, int which, Grouping grouping, ConsoleStreams io, CancellationToken cancel, SourceReader? sources = null)
    {
        var loaded = await Progress.RunAsync(io.Stderr, source, options, o => DumpSource.LoadAsync(source, o, cancel));
        if (which < 0 || which > loaded.Snapshots.Count)
            throw new UsageException($"--snapshot {which}: {loaded.Source} holds {loaded.Snapshots.Count} dump(s)");
        var snapshot = loaded.Snapshots[which == 0 ? ^1 : which - 1];
        var result = Analyzer.Analyze(snapshot, grouping, loaded.ExpectedTotal, sources);
        var notes = loaded.Snapshots.Count > 1 && which == 0
            ? [.. loaded.Notes, $"the input holds {loaded.Snapshots.Count} dumps; this is the last (--snapshot N picks another)"]
            : loaded.Notes;
        return (result, new ReportContext(loaded.Source, notes));
    }

    public static Grouping ParseGrouping(string value) => Enum.Parse<Grouping>(value, ignoreCase: true);
}
