namespace Goroscope.Cli;

/// <summary>The process exit codes every verb shares: the only place a verb's exit status comes from.</summary>
public enum ExitCode
{
    /// <summary>The job ran and found nothing over the user's thresholds.</summary>
    Ok = 0,
    /// <summary>
    /// The job ran and found something at or over a threshold (a leak, a syntax error, a finding). For `test`:
    /// go test failed (a test failed, a package did not build), as go test itself exits 1.
    /// </summary>
    Findings = 1,
    /// <summary>Bad usage or unreadable input; one line on stderr says which.</summary>
    BadInput = 2,
    /// <summary>`test` only: every test passed, but some test left goroutines running (1 and 2 keep go test's meanings).</summary>
    TestsLeaked = 3,
    /// <summary>The user pressed Ctrl-C (128 + SIGINT, as shells report it).</summary>
    Interrupted = 130,
}
