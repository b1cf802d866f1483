namespace Goroscope.Stacks;

/// <summary>
/// One call in a goroutine's stack: the function line and the file line of a traceback, one `#` line of a
/// debug=1 profile, or one Line of a pprof Location. Readers intern frames, so equal frames are usually the
/// same instance. Argument words differ per goroutine, so they are kept beside the stack
/// (<see cref="Goroutine.Arguments"/>), never in the frame.
/// </summary>
public sealed record Frame(string Function, string File, int Line)
{
    /// <summary>The pc offset printed as `+0x1a`; -1 when the dump printed none (inlined frames, debug=1 inlining, pprof).</summary>
    public int Offset { get; init; } = -1;

    /// <summary>The function line printed `(...)`: the call was inlined into its caller.</summary>
    public bool Inlined { get; init; }

    /// <summary>The import path of the function's package: `net/http` for `net/http.(*conn).serve`.</summary>
    public string Package => GoNames.PackageOf(Function);

    public override string ToString() => $"{Function} {File}:{Line}";
}
