namespace Goroscope.Cli;

/// <summary>The process exit codes every verb shares.</summary>
public enum ExitCode
{
    /// <summary>The job ran and found nothing over the user's thresholds.</summary>
    Ok = 0,
    /// <summary>The job ran and found something at or over a threshold (a leak, a syntax error, a finding).</summary>
    Findings = 1,
    /// <summary>Bad usage or unreadable input; one line on stderr says which.</summary>
    BadInput = 2,
    /// <summary>The user pressed Ctrl-C (128 + SIGINT, as shells report it).</summary>
    Interrupted = 130,
}
