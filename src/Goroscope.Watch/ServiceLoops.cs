namespace Goroscope.Watch;

/// <summary>
/// Runs the service's loops side by side until cancelled. A loop that fails, by throwing or by ending before it was
/// asked to, stops them all: watch exits saying which loop and why, rather than going on half-alive.
/// </summary>
internal static class ServiceLoops
{
    public static async Task RunAsync(IReadOnlyList<(string Name, Func<CancellationToken, Task> Run)> loops, CancellationToken cancel)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var running = loops.Select(loop => (loop.Name, Task: Task.Run(() => loop.Run(stop.Token), CancellationToken.None))).ToList();
        var first = await Task.WhenAny(running.Select(r => r.Task));
        (string Name, Task Task)? failed = cancel.IsCancellationRequested ? null : running.First(r => r.Task == first);
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(running.Select(r => r.Task));
        }
        catch (Exception) when (failed is not null)
        {
            // The first failure is the one reported; the others are what stopping it caused.
        }
        if (failed is { } loop)
        {
            var error = loop.Task.Exception?.InnerException;
            throw new WatchFailedException(error is null ? $"watch stopped: its {loop.Name} loop ended unasked"
                : $"watch stopped: its {loop.Name} loop failed: {error.GetType().Name}: {error.Message.ReplaceLineEndings(" ")}", error);
        }
    }
}

/// <summary>One of watch's loops failed and watch stopped; the message is one line naming the loop and the error.</summary>
public sealed class WatchFailedException(string message, Exception? inner) : Exception(message, inner);
