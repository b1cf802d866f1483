namespace Goroscope.Sources;

/// <summary>
/// Where `goroscope trace` reads from: a file, standard input, or a live process's /debug/pprof/trace — recorded
/// for the asked number of seconds into a temporary file (deleted when closed), so a long recording is never
/// held in memory and the reader streams it like any file.
/// </summary>
public static class TraceSource
{
    public static async Task<(Stream Stream, string Name)> OpenAsync(string source, TimeSpan recording, SourceOptions options, CancellationToken cancel = default)
    {
        if (DumpSource.IsUrl(source))
            return await RecordAsync(new Uri(source), recording, options, cancel);
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

    private static async Task<(Stream, string)> RecordAsync(Uri uri, TimeSpan recording, SourceOptions options, CancellationToken cancel)
    {
        if (uri.AbsolutePath is "" or "/" && uri.Query.Length == 0)
            uri = new Uri(uri, $"/debug/pprof/trace?seconds={Math.Max(1, (int)Math.Ceiling(recording.TotalSeconds))}");
        var path = Path.GetTempFileName();
        var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        // The target answers only once it has recorded: the deadline is the recording plus the usual timeout.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(options.Timeout + recording);
        try
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
                throw new SourceException($"{uri} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = await body.ReadAsync(buffer, deadline.Token)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, n), deadline.Token);
                if (file.Length > options.MaxBytes)
                    throw new SourceException($"{uri} sent more than the {Stacks.Sizes.Format(options.MaxBytes)} cap (--max-bytes)");
            }
            file.Position = 0;
            return (file, uri.ToString());
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            await file.DisposeAsync();
            var why = e is OperationCanceledException && !cancel.IsCancellationRequested
                ? $"no complete answer within {(options.Timeout + recording).TotalSeconds:0.#} s (the recording plus --timeout)"
                : CappedStream.Describe(e);
            throw new SourceException($"cannot fetch {uri}: {why}", e);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
