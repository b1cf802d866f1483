using Goroscope.Watch.Server;

namespace Goroscope.Watch.Tests.Live;

/// <summary>A watch service with its HTTP server on a free loopback port, running in the background until disposed.</summary>
internal sealed class LiveWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private LiveWatch(WatchService service, WatchServer server, StringWriter log)
    {
        Service = service;
        Server = server;
        Log = log;
        Started = DateTimeOffset.UtcNow;
        _run = Task.Run(() => service.RunAsync(_stop.Token));
    }

    public WatchService Service { get; }

    public WatchServer Server { get; }

    public StringWriter Log { get; }

    public DateTimeOffset Started { get; }

    /// <param name="beforeRun">Runs on the service before it scrapes (to seed the store).</param>
    public static async Task<LiveWatch> StartAsync(WatchOptions options, Action<WatchService>? beforeRun = null)
    {
        var log = new StringWriter();
        var service = new WatchService(options with { Listen = "127.0.0.1:0" }, TextWriter.Synchronized(log));
        beforeRun?.Invoke(service);
        var server = await WatchServer.StartAsync(service, "127.0.0.1:0", options.Token, CancellationToken.None);
        service.DashboardUrl = server.Address;
        return new LiveWatch(service, server, log);
    }

    /// <summary>Polls until the condition holds, and fails with the watch log when the time is up.</summary>
    public async Task<T> WaitForAsync<T>(Func<T?> probe, TimeSpan within, string what) where T : class
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (probe() is { } value)
                return value;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{what} did not happen within {within.TotalSeconds} s; watch log:\n{Log}");
    }

    /// <summary>
    /// Polls a probe that talks to a server until it answers, and fails with the watch log when the time is up. The probe
    /// is awaited, never waited on: a test thread blocked on its own HTTP request starves the thread pool the in-process
    /// server needs when the tests run in parallel on two cores.
    /// </summary>
    public async Task<T> PollAsync<T>(Func<Task<T?>> probe, TimeSpan within, string what) where T : class
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await probe() is { } value)
                return value;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{what} did not happen within {within.TotalSeconds} s; watch log:\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        await Server.DisposeAsync();
        await Service.DisposeAsync();
    }
}
