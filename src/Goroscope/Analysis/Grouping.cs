namespace Goroscope.Analysis;

/// <summary>How alike goroutines must be to share a bucket (`--group`).</summary>
public enum Grouping
{
    /// <summary>Same wait reason, same frames (function, file, line), same creation site. Argument values, ids and wait times never count.</summary>
    Exact,
    /// <summary>As exact, but frames compare by function and file only and recursion depth does not count: one bucket per code path.</summary>
    Similar,
    /// <summary>Same state class, same blocking site (function, file:line) and same creating function, whatever the path between.</summary>
    Loose,
}
