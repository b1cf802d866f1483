using Goroscope.Stacks;

namespace Goroscope.Analysis;

/// <summary>
/// Goroutines that every healthy Go service has a few of (servers, connection pools, signal watchers). They are
/// suspicious only when they pile up, so the score discounts them; the count term still lets a pile rise.
/// </summary>
public static class KnownBackground
{
    private static readonly (string FunctionPrefix, string Name)[] Known =
    [
        ("net/http.(*conn).serve", "net/http server connection (one per open client connection)"),
        ("net/http.(*persistConn).readLoop", "net/http client keep-alive connection; many mean response bodies left unclosed"),
        ("net/http.(*persistConn).writeLoop", "net/http client keep-alive connection; many mean response bodies left unclosed"),
        ("net/http.(*Server).Serve", "net/http server accept loop"),
        ("net/http.(*http2serverConn).serve", "net/http HTTP/2 server connection"),
        ("net/http.(*http2ClientConn).readLoop", "net/http HTTP/2 client connection"),
        ("os/signal.loop", "os/signal watcher"),
        ("os/signal.signal_recv", "os/signal watcher"),
        ("database/sql.(*DB).connectionOpener", "database/sql connection pool"),
        ("database/sql.(*DB).connectionCleaner", "database/sql connection pool"),
        ("database/sql.(*DB).connectionResetter", "database/sql connection pool"),
        ("testing.tRunner", "testing runner"),
        ("testing.(*T).Run", "testing runner"),
        ("testing.runTests", "testing runner"),
        ("testing.(*M).startAlarm", "testing runner"),
        ("google.golang.org/grpc/internal/transport.", "gRPC transport loop"),
        ("google.golang.org/grpc.(*ccBalancerWrapper).watcher", "gRPC balancer watcher"),
        ("google.golang.org/grpc.(*addrConn).resetTransport", "gRPC connection"),
        ("google.golang.org/grpc/internal/grpcsync.(*CallbackSerializer).run", "gRPC callback serializer"),
        ("go.opencensus.io/stats/view.(*worker).start", "OpenCensus stats worker"),
        ("github.com/golang/glog.(*loggingT).flushDaemon", "glog flush daemon"),
        ("github.com/golang/glog.(*fileSink).flushDaemon", "glog flush daemon"),
        ("k8s.io/klog.(*loggingT).flushDaemon", "klog flush daemon"),
        ("k8s.io/klog/v2.(*flushDaemon).run", "klog flush daemon"),
        ("go.opentelemetry.io/otel/sdk/trace.(*batchSpanProcessor).processQueue", "OpenTelemetry span processor"),
    ];

    /// <summary>
    /// Client keep-alive loops wait in a select, but what piles them up is I/O left open — response bodies never
    /// closed — so the catalog files them under io-wait.
    /// </summary>
    public static LeakPattern? PatternOf(IReadOnlyList<Frame> frames) =>
        frames.Any(f => f.Function is "net/http.(*persistConn).readLoop" or "net/http.(*persistConn).writeLoop") ? LeakPatterns.IoWait : null;

    /// <summary>The name of the background role these frames play in this state, or null.</summary>
    public static string? Recognise(IReadOnlyList<Frame> frames, WaitState state)
    {
        foreach (var frame in frames)
            foreach (var (prefix, name) in Known)
                if (frame.Function.StartsWith(prefix, StringComparison.Ordinal))
                    // The test runner is only idle while it waits for its tests to report.
                    return name == "testing runner" && state.Reason != "chan receive" ? null : name;
        if (frames.Count > 0 && frames[^1].Function is "main.main" or "runtime.main")
            return "the main goroutine";
        return null;
    }
}
