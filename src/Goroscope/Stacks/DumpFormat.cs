namespace Goroscope.Stacks;

/// <summary>The shape an input was recognised as (from its content, never from a file name).</summary>
public enum DumpFormat
{
    /// <summary>Text tracebacks: `?debug=2`, runtime.Stack, panics, SIGQUIT and crash output.</summary>
    Traceback,
    /// <summary>`?debug=1`: aggregated text with counts and `#` frame lines.</summary>
    Debug1,
    /// <summary>`?debug=0`: a (usually gzipped) pprof protocol buffer.</summary>
    Pprof,
    /// <summary>A Go execution trace: the goroutines alive when it ended, with ids and creators.</summary>
    ExecutionTrace,
}
