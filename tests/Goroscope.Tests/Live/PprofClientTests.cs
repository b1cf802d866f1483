using System.Net;
using System.Net.Sockets;
using Goroscope.Live;
using Goroscope.Sources;

namespace Goroscope.Tests.Live;

/// <summary>The one fetch: a deadline the target cannot stall past, told apart from the user's own Ctrl-C.</summary>
public sealed class PprofClientTests : IDisposable
{
    // Accepts connections and never answers: a target hung mid-request.
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);

    public PprofClientTests() => _silent.Start();

    private Uri SilentUrl => new($"http://127.0.0.1:{((IPEndPoint)_silent.LocalEndpoint).Port}/debug/pprof/goroutine?debug=2");

    [Fact]
    public async Task A_target_that_never_answers_fails_at_the_deadline_in_one_line()
    {
        using var client = new PprofClient(TimeSpan.FromMilliseconds(300), 1 << 20);
        var e = await Assert.ThrowsAsync<SourceException>(() => client.GetAsync(SilentUrl, CancellationToken.None));
        Assert.Equal($"cannot fetch {SilentUrl}: no complete answer within 300ms", e.Message);
    }

    [Fact]
    public async Task The_users_cancellation_is_a_cancellation_not_a_timeout()
    {
        using var client = new PprofClient(TimeSpan.FromSeconds(30), 1 << 20);
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(SilentUrl, ctrlC.Token));
    }

    [Fact]
    public async Task A_refused_connection_is_one_line_naming_the_url()
    {
        using var client = new PprofClient(TimeSpan.FromSeconds(5), 1 << 20);
        var e = await Assert.ThrowsAsync<SourceException>(() => client.GetAsync(new Uri("http://127.0.0.1:1/debug/pprof/goroutine?debug=2"), CancellationToken.None));
        Assert.StartsWith("cannot fetch http://127.0.0.1:1/debug/pprof/goroutine?debug=2: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    public void Dispose() => _silent.Stop();
}
