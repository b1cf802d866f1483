using Goroscope.Analysis;
using Goroscope.Live;
using Goroscope.Stacks;
using Goroscope.Stacks.Readers;

namespace Goroscope.Sources;

/// <summary>Options for fetching and opening dumps.</summary>
/// <param name="Timeout">For each HTTP request, from connect to the last byte.</param>
/// <param name="MaxBytes">The most bytes read from any one source.</param>
/// <param name="Progress">Called with (bytes so far, total if known) while a source is read.</param>
/// <param name="StandardInput">What `-` reads; the process's standard input when null.</param>
public sealed record SourceOptions(TimeSpan Timeout, long MaxBytes, Action<long, long?>? Progress = null, Stream? StandardInput = null)
{
    public static SourceOptions Default { get; } = new(TimeSpan.FromSeconds(30), 1L << 30);
}

/// <summary>What was read from a source: its snapshots, and what the source could tell besides.</summary>
public sealed class LoadedDump
{
    public required string Source { get; init; }

    /// <summary>In input order: the last is the most recent.</summary>
    public required IReadOnlyList<Snapshot> Snapshots { get; init; }

    /// <summary>The goroutine total from a second request (debug=1) when a live debug=2 dump came back cut.</summary>
    public long? ExpectedTotal { get; init; }

    /// <summary>Things the fetch itself found worth saying (a leak profile the target does not serve, for one).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>
/// Opens a dump from a file path, `-` (stdin) or a live Go process (<see cref="PprofEndpoint"/>'s rules): a target
/// without a profile path means its `goroutine?debug=2`, and the Go 1.26+ `goroutineleak` profile is fetched too,
/// so the goroutines it proves leaked are marked; a full profile URL is read as given.
/// </summary>
public static class DumpSource
{
    public static async Task<LoadedDump> LoadAsync(string source, SourceOptions options, CancellationToken cancel = default)
    {
        if (PprofEndpoint.IsLive(source))
            return await LoadLiveAsync(Endpoint(source), options, cancel);
        if (source == "-")
            return Read("standard input", options.StandardInput ?? Console.OpenStandardInput(), options, null);
        if (Directory.Exists(source))
            throw new SourceException($"cannot read {source}: it is a directory");
        FileStream file;
        try
        {
            // Unbuffered: the line reader reads in 1 MiB blocks, and a second buffer would only copy them again.
            file = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SourceException($"cannot open {source}: {Reason(e)}", e);
        }
        using (file)
            return Read(source, file, options, file.Length);
    }

    /// <summary>The live target a source names, or a <see cref="SourceException"/> saying why it is none.</summary>
    public static PprofEndpoint Endpoint(string source)
    {
        try
        {
            return PprofEndpoint.Parse(source);
        }
        catch (FormatException e)
        {
            throw new SourceException(e.Message, e);
        }
    }

    private static string Reason(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message.TrimEnd('.'),
    };

    private static LoadedDump Read(string name, Stream stream, SourceOptions options, long? length)
    {
        using var capped = new CappedStream(stream, options.MaxBytes, name, options.Progress is { } p ? n => p(n, length) : null);
        try
        {
            return new LoadedDump { Source = name, Snapshots = DumpReader.Read(capped) };
        }
        catch (DumpReadException e)
        {
            throw new DumpReadException($"{name}: {e.Message}", e);
        }
    }

    private static async Task<LoadedDump> LoadLiveAsync(PprofEndpoint endpoint, SourceOptions options, CancellationToken cancel)
    {
        using var client = new PprofClient(options.Timeout, options.MaxBytes);
        if (endpoint.Profile is { } given)
            return await FetchAsync(client, given, options, cancel);

        // The leak profile first, as debug=1 (small): taking it also makes Go 1.27 print ` (leaked)` in the dump that follows.
        var leak = await TryFetchAsync(client, endpoint.GoroutineLeak(1), options, cancel);
        var dumpUri = endpoint.Goroutine(2);
        var dump = await FetchAsync(client, dumpUri, options, cancel);
        var notes = new List<string>();
        var snapshot = dump.Snapshots[^1];
        long? expected = null;
        if (snapshot.Truncated)
        {
            var counts = await TryFetchAsync(client, endpoint.Goroutine(1), options, cancel);
            expected = counts?.Snapshots[^1].DeclaredTotal;
        }
        if (leak is null)
            notes.Add("the target serves no goroutineleak profile (Go 1.26+), so no goroutine is marked as proved leaked");
        else if (!snapshot.Goroutines.Any(g => g.Leaked))
            snapshot = MarkLeaked(snapshot, leak.Snapshots[^1]);
        return new LoadedDump
        {
            Source = dumpUri.ToString(),
            Snapshots = [.. dump.Snapshots.Take(dump.Snapshots.Count - 1), snapshot],
            ExpectedTotal = expected,
            Notes = notes,
        };
    }

    /// <summary>
    /// Marks as leaked, stack by stack, as many goroutines of a debug=2 snapshot as the leak profile counts with
    /// that stack (for runtimes whose dumps do not print ` (leaked)` themselves).
    /// </summary>
    internal static Snapshot MarkLeaked(Snapshot snapshot, Snapshot leakProfile)
    {
        var keys = new Dictionary<Stack, string>(ReferenceEqualityComparer.Instance);
        string Key(Goroutine g) => keys.TryGetValue(g.Stack, out var key) ? key
            : keys[g.Stack] = string.Join('\n', Signature.SignificantFrames(g.Stack.Frames));
        var remaining = new Dictionary<string, long>();
        foreach (var record in leakProfile.Goroutines)
            remaining[Key(record)] = remaining.GetValueOrDefault(Key(record)) + record.Count;
        if (remaining.Count == 0 || snapshot.Format != DumpFormat.Traceback)
            return snapshot;
        var goroutines = new List<Goroutine>(snapshot.Goroutines.Count);
        foreach (var g in snapshot.Goroutines)
        {
            var key = Key(g);
            var left = remaining.GetValueOrDefault(key);
            goroutines.Add(left > 0 ? g with { Leaked = true } : g);
            if (left > 0)
                remaining[key] = left - 1;
        }
        return snapshot with { Goroutines = goroutines };
    }

    private static async Task<LoadedDump?> TryFetchAsync(PprofClient client, Uri uri, SourceOptions options, CancellationToken cancel)
    {
        try
        {
            return await FetchAsync(client, uri, options with { Progress = null }, cancel);
        }
        catch (Exception e) when (e is SourceException or DumpReadException)
        {
            return null;
        }
    }

    private static async Task<LoadedDump> FetchAsync(PprofClient client, Uri uri, SourceOptions options, CancellationToken cancel)
    {
        using var body = await client.GetAsync(uri, cancel, progress: options.Progress);
        return Read(uri.ToString(), body, options with { Progress = null }, body.Length);
    }
}
