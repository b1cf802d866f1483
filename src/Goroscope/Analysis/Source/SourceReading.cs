namespace Goroscope.Analysis.Source;

/// <summary>What the statement a goroutine blocks at does, as its source says.</summary>
public enum BlockingStatementKind
{
    /// <summary>`ch &lt;- v`.</summary>
    Send,

    /// <summary>`&lt;-ch`.</summary>
    Receive,

    /// <summary>`for v := range ch`.</summary>
    RangeReceive,

    /// <summary>A select with at least one case.</summary>
    Select,

    /// <summary>`select {}`.</summary>
    SelectForever,

    /// <summary>A call (`wg.Wait()`, `mu.Lock()`, `time.Sleep(d)`): the wait is inside the callee.</summary>
    Call,
}

/// <summary>How a select case can end the wait without any other goroutine's help.</summary>
public enum WakeKind
{
    /// <summary>A ticker's channel: the goroutine wakes on every tick.</summary>
    Ticker,

    /// <summary>A timer's channel or time.After: the goroutine wakes when it fires.</summary>
    Timer,

    /// <summary>A context's Done channel: the wait ends when someone cancels the context.</summary>
    Context,
}

/// <param name="Line">The line of the case in the file.</param>
/// <param name="Text">The case's receive as written: `&lt;-ticker.C`.</param>
public sealed record WakeCase(WakeKind Kind, int Line, string Text);

/// <summary>One line of source, numbered as in its file.</summary>
public sealed record SourceLine(int Number, string Text);

/// <summary>
/// The statement a bucket's goroutines block at, read from the source file the frame names.
/// </summary>
/// <param name="File">The file read, as found on this machine.</param>
/// <param name="Line">The blocking line.</param>
/// <param name="Buffer">A sent-to channel's buffer, when its `make` is visible in the function; null when unknown.</param>
/// <param name="Excerpt">The blocking line with up to two lines either side.</param>
public sealed record SourceReading(
    string File, int Line, BlockingStatementKind Kind, IReadOnlyList<WakeCase> Wakes, int? Buffer, IReadOnlyList<SourceLine> Excerpt)
{
    /// <summary>The channel sent to or received from is a local declared `var ch chan T` and never made: it is nil.</summary>
    public bool NilChannel { get; init; }

    /// <summary>`scrape.go:1264`: the file's name and the line, as reports print them.</summary>
    public string Site => $"{Path.GetFileName(File)}:{Line}";
}
