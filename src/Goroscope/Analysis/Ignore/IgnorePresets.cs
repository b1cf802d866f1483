namespace Goroscope.Analysis.Ignore;

/// <summary>
/// Built-in ignore lists for background goroutines every Go service has — the lists goleak users keep copying.
/// All are on unless turned off (`--no-preset NAME`, `presets: {NAME: false}`).
/// </summary>
public static class IgnorePresets
{
    public static IReadOnlyDictionary<string, IReadOnlyList<IgnoreRule>> All { get; } = new Dictionary<string, IReadOnlyList<IgnoreRule>>
    {
        ["net-http"] =
        [
            new(IgnoreKind.TopFunction, "net/http.(*persistConn).readLoop"),
            new(IgnoreKind.TopFunction, "net/http.(*persistConn).writeLoop"),
            new(IgnoreKind.AnyFunction, "net/http.(*Server).Serve"),
            new(IgnoreKind.AnyFunction, "net/http.(*conn).serve"),
            new(IgnoreKind.AnyFunction, "net/http.(*connReader).backgroundRead"),
        ],
        ["os-signal"] = [new(IgnoreKind.AnyFunction, "os/signal.loop")],
        ["database-sql"] =
        [
            new(IgnoreKind.AnyFunction, "database/sql.(*DB).connectionOpener"),
            new(IgnoreKind.AnyFunction, "database/sql.(*DB).connectionCleaner"),
            new(IgnoreKind.AnyFunction, "database/sql.(*DB).connectionResetter"),
        ],
        ["testing"] =
        [
            new(IgnoreKind.AnyFunction, "testing.(*T).Run"),
            new(IgnoreKind.AnyFunction, "testing.runTests"),
            new(IgnoreKind.AnyFunction, "testing.(*M).startAlarm"),
            new(IgnoreKind.AnyFunction, "testing.tRunner.func1"),
        ],
        ["glog"] =
        [
            new(IgnoreKind.AnyFunction, "github.com/golang/glog.(*loggingT).flushDaemon"),
            new(IgnoreKind.AnyFunction, "github.com/golang/glog.(*fileSink).flushDaemon"),
            new(IgnoreKind.AnyFunction, "k8s.io/klog.(*loggingT).flushDaemon"),
            new(IgnoreKind.AnyFunction, "k8s.io/klog/v2.(*flushDaemon).run.func1"),
        ],
        ["opencensus"] = [new(IgnoreKind.AnyFunction, "go.opencensus.io/stats/view.(*worker).start")],
    };
}
