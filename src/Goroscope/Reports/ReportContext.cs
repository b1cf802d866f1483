namespace Goroscope.Reports;

/// <summary>What a report says about where its data came from.</summary>
/// <param name="Source">The file, `standard input` or URL that was read.</param>
/// <param name="Notes">Remarks from fetching (shown with the warnings).</param>
public sealed record ReportContext(string Source, IReadOnlyList<string> Notes)
{
    public static string FormatName(Goroscope.Stacks.Snapshot snapshot) => (snapshot.Format, snapshot.IsLeakProfile) switch
    {
        (Goroscope.Stacks.DumpFormat.Traceback, _) => "traceback",
        (Goroscope.Stacks.DumpFormat.Debug1, false) => "debug1",
        (Goroscope.Stacks.DumpFormat.Debug1, true) => "goroutineleak-debug1",
        (Goroscope.Stacks.DumpFormat.Pprof, false) => "pprof",
        (Goroscope.Stacks.DumpFormat.Pprof, true) => "goroutineleak-pprof",
        (Goroscope.Stacks.DumpFormat.ExecutionTrace, _) => "execution trace",
        _ => "unknown",
    };
}
