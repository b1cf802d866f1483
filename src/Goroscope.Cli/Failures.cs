using Goroscope.Sources;
using Goroscope.Stacks.Readers;

namespace Goroscope.Cli;

/// <summary>Bad usage that the argument parser cannot see (a value out of range for this input).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Turns every expected failure into one line on stderr and exit code 2 — never a stack trace.</summary>
internal static class Failures
{
    public static async Task<int> GuardAsync(TextWriter stderr, Func<Task<ExitCode>> run)
    {
        try
        {
            return (int)await run();
        }
        catch (Exception e) when (e is DumpReadException or SourceException or UsageException or Goroscope.Traces.TraceFormatException)
        {
            stderr.WriteLine($"goroscope: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"goroscope: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            // Only the user's Ctrl-C cancels: a deadline that passes is a SourceException saying so.
            stderr.WriteLine("goroscope: interrupted");
            return (int)ExitCode.Interrupted;
        }
        return (int)ExitCode.BadInput;
    }
}
