using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Goroscope.Watch.Tests.Live;

/// <summary>
/// A program of the monitoring stack (Debian's prometheus, prometheus-alertmanager; .ci/run installs them) started
/// on a free loopback port with a temporary configuration, and killed on dispose.
/// </summary>
internal sealed class ExternalProgram : IDisposable
{
    private readonly Process _process;
    private readonly StringWriter _output = new();

    private ExternalProgram(Process process, Uri url)
    {
        _process = process;
        Url = url;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Url { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <param name="args">Arguments; `{port}` is replaced by the port chosen.</param>
    public static async Task<ExternalProgram> StartAsync(string binary, params string[] args)
    {
        if (!File.Exists(binary))
            throw new InvalidOperationException($"{binary} is not installed: run `apt-get install -y prometheus prometheus-alertmanager` (.ci/run does)");
        var port = FreePort();
        var start = new ProcessStartInfo(binary, args.Select(a => a.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var program = new ExternalProgram(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (program._process.HasExited)
                break;
            try
            {
                if ((await http.GetAsync(new Uri(program.Url, "-/ready"))).IsSuccessStatusCode)
                    return program;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        var output = program.Output;
        program.Dispose();
        throw new InvalidOperationException($"{binary} did not become ready on port {port}:\n{output}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
