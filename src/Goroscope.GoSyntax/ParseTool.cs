using System.Diagnostics;
using System.IO.Enumeration;

namespace Goroscope.GoSyntax;

public sealed record ParseToolOptions
{
    /// <summary>Print files, bytes, seconds and MB/s after the diagnostics.</summary>
    public bool Stats { get; init; }

    /// <summary>Report every syntax error, not just the first per line and at most ten per file.</summary>
    public bool AllErrors { get; init; }

    /// <summary>Directory names not to descend into when walking (for example "testdata"); none by default.</summary>
    public IReadOnlyCollection<string> SkipDirectories { get; init; } = [];

    /// <summary>Files parsed at once; defaults to the number of cores.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>What a run of <see cref="ParseTool.Run"/> found, worst first wins.</summary>
public enum ParseToolResult
{
    /// <summary>Every file parsed.</summary>
    Clean,
    /// <summary>Some file has a syntax error.</summary>
    SyntaxErrors,
    /// <summary>Some path could not be read.</summary>
    Unreadable,
}

/// <summary>
/// The engine of "goroscope parse &lt;paths...&gt;": parses files and directory trees and reports
/// syntax errors the way "gofmt -e -l" does.
/// </summary>
public static class ParseTool
{
    /// <summary>
    /// Parses each file path and every *.go file under each directory path (recursively, skipping
    /// only <see cref="ParseToolOptions.SkipDirectories"/>). Writes one "file:line:col: message" line per syntax error to <paramref name="stdout"/>,
    /// files in ordinal path order and errors in position order; unreadable paths go to
    /// <paramref name="stderr"/>. An unreadable path outweighs syntax errors in the result.
    /// </summary>
    public static ParseToolResult Run(IReadOnlyList<string> paths, ParseToolOptions options, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        var result = ParseToolResult.Clean;
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                try
                {
                    files.AddRange(FindGoFiles(path, options.SkipDirectories));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"{path}: {e.Message}");
                    result = ParseToolResult.Unreadable;
                }
            }
            else if (System.IO.File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                stderr.WriteLine($"{path}: no such file or directory");
                result = ParseToolResult.Unreadable;
            }
        }
        files = files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        var watch = Stopwatch.StartNew();
        var outcomes = ParseAll(files, options);
        var seconds = watch.Elapsed.TotalSeconds;

        long bytes = 0;
        var rejected = 0;
        var errorCount = 0;
        foreach (var outcome in outcomes)
        {
            bytes += outcome.Bytes;
            if (outcome.ReadError is not null)
            {
                stderr.WriteLine($"{outcome.Path}: {outcome.ReadError}");
                result = ParseToolResult.Unreadable;
                continue;
            }
            if (outcome.Errors.Count == 0)
            {
                continue;
            }
            rejected++;
            errorCount += outcome.Errors.Count;
            foreach (var error in outcome.Errors)
            {
                stdout.WriteLine(error.ToString());
            }
            if (result == ParseToolResult.Clean)
            {
                result = ParseToolResult.SyntaxErrors;
            }
        }

        if (options.Stats)
        {
            var mbPerSecond = seconds > 0 ? bytes / 1e6 / seconds : 0;
            stdout.WriteLine(FormattableString.Invariant(
                $"files={files.Count} rejected={rejected} errors={errorCount} bytes={bytes} seconds={seconds:F3} MB/s={mbPerSecond:F1}"));
        }
        return result;
    }

    /// <summary>
    /// Every regular *.go file under <paramref name="directory"/>, recursively, in ordinal order,
    /// not following symbolic links (like filepath.WalkDir) and not entering directories named in
    /// <paramref name="skipDirectories"/>.
    /// </summary>
    public static IReadOnlyList<string> FindGoFiles(string directory, IReadOnlyCollection<string>? skipDirectories = null)
    {
        var skip = skipDirectories ?? [];
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        var files = new FileSystemEnumerable<string>(directory, (ref FileSystemEntry e) => e.ToSpecifiedFullPath(), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) =>
                !e.IsDirectory && (e.Attributes & FileAttributes.ReparsePoint) == 0 && e.FileName.EndsWith(".go", StringComparison.Ordinal),
            ShouldRecursePredicate = (ref FileSystemEntry e) =>
                (e.Attributes & FileAttributes.ReparsePoint) == 0 && !skip.Contains(e.FileName.ToString()),
        };
        return files.Order(StringComparer.Ordinal).ToList();
    }

    private sealed record Outcome(string Path, long Bytes, IReadOnlyList<SyntaxError> Errors, string? ReadError);

    // Parses on one thread per core, each pulling the next file index from a shared counter.
    private static Outcome[] ParseAll(List<string> files, ParseToolOptions options)
    {
        var outcomes = new Outcome[files.Count];
        var mode = options.AllErrors ? ParseMode.AllErrors : ParseMode.None;
        var next = -1;
        void Work()
        {
            for (var i = Interlocked.Increment(ref next); i < files.Count; i = Interlocked.Increment(ref next))
            {
                outcomes[i] = ParseOne(files[i], mode);
            }
        }

        var workers = Math.Clamp(options.Parallelism, 1, Math.Max(1, files.Count));
        var threads = new Thread[workers];
        for (var t = 0; t < workers; t++)
        {
            threads[t] = new Thread(Work) { IsBackground = true, Name = "goroscope-parse" };
            threads[t].Start();
        }
        foreach (var thread in threads)
        {
            thread.Join();
        }
        return outcomes;
    }

    private static Outcome ParseOne(string path, ParseMode mode)
    {
        byte[] source;
        try
        {
            source = System.IO.File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Outcome(path, 0, [], e.Message);
        }
        var result = Parser.ParseFile(path, source, mode);
        return new Outcome(path, source.Length, result.Errors, null);
    }
}
