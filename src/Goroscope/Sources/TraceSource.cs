using Goroscope.Live;

namespace Goroscope.Sources;

/// <summary>
/// Where `goroscope trace` reads from: a file, standard input, or a live process (<see cref="PprofEndpoint"/>'s
/// rules: its `trace?seconds=N`, or a full profile URL as given) — recorded into a temporary file (deleted when
/// closed), so a long recording is never held in memory and the reader streams it like any file.
/// </summary>
public static class TraceSource
{
    public static async Task<(Stream Stream, string Name)> OpenAsync(string source, TimeSpan recording, SourceOptions options, CancellationToken cancel = default)
    {
        if (PprofEndpoint.IsLive(source))
            return await RecordAsync(DumpSource.Endpoint(source), recording, options, cancel);
        if (source == "-")
            return (options.StandardInput ?? Console.OpenStandardInput(), "standard input");
        if (Directory.Exists(source))
            throw new SourceException($"cannot read {source}: it is a directory");
        try
        {
            return (new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SourceException($"cannot open {source}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message.TrimEnd('.'))}", e);
        }
    }

    private static async Task<(Stream, string)> RecordAsync(PprofEndpoint endpoint, TimeSpan recording, SourceOptions options, CancellationToken cancel)
    {
        var uri = endpoint.Profile ?? endpoint.Trace(recording);
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            using var client = new PprofClient(options.Timeout, options.MaxBytes);
            // The target answers only once it has recorded: the deadline is the recording plus the usual timeout.
            if (!await client.CopyAsync(uri, file, recording, cancel, options.Progress))
                throw PprofClient.NotFound(uri);
            file.Position = 0;
            return (file, uri.ToString());
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
