using System.Net;
using System.Runtime.CompilerServices;
using System.Net.Sockets;
using System.Text;

namespace Goroscope.Watch.Tests.Postgres;

/// <summary>
/// A TCP relay on loopback between a client and the test cluster that can lose one answer, as a network does when a
/// connection drops after the server committed. Armed with <see cref="LoseTheAnswerTo"/>, it relays the client's
/// statement as usual, then reads the server's whole answer — up to ReadyForQuery, by which time the statement's
/// transaction is committed — and instead of passing it on, cuts both connections.
/// </summary>
internal sealed class LossyRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly List<Socket> _sockets = [];
    private volatile byte[]? _marker;
    private readonly TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LossyRelay(int serverPort)
    {
        _serverPort = serverPort;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Completed once an answer was lost.</summary>
    public Task Cut => _cut.Task;

    /// <summary>The answer to the next statement whose text contains <paramref name="statement"/> is lost.</summary>
    public void LoseTheAnswerTo(string statement) => _marker = Encoding.UTF8.GetBytes(statement);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync();
                var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await server.ConnectAsync(IPAddress.Loopback, _serverPort);
                lock (_sockets)
                    _sockets.AddRange([client, server]);
                var losing = new StrongBox<bool>();
                _ = PumpAsync(client, server, chunk =>
                {
                    if (_marker is { } marker && chunk.AsSpan().IndexOf(marker) >= 0)
                    {
                        _marker = null;
                        losing.Value = true;
                    }
                    return true;
                });
                var answer = new List<byte>();
                _ = PumpAsync(server, client, chunk =>
                {
                    if (!losing.Value)
                        return true;
                    answer.AddRange(chunk);
                    if (!EndsWithReadyForQuery(answer))
                        return false;
                    client.Close();
                    server.Close();
                    _cut.TrySetResult();
                    return false;
                });
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    /// <summary>ReadyForQuery is the last message of an answer: 'Z', a length of 5, the transaction status.</summary>
    private static bool EndsWithReadyForQuery(List<byte> answer) =>
        answer.Count >= 6 && answer[^6] == (byte)'Z' && answer[^5] == 0 && answer[^4] == 0 && answer[^3] == 0 && answer[^2] == 5;

    /// <summary>Copies from one socket to the other, each chunk only if <paramref name="pass"/> says so.</summary>
    private static async Task PumpAsync(Socket from, Socket to, Func<byte[], bool> pass)
    {
        var buffer = new byte[65536];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer)) > 0)
            {
                var chunk = buffer[..n];
                if (pass(chunk))
                    await to.SendAsync(chunk);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // One side went away (or was cut): so does the other.
            to.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_sockets)
            foreach (var socket in _sockets)
                socket.Dispose();
    }
}
