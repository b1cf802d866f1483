using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Goroscope.Sources;

/// <summary>The outcome of one package's tests in a `go test -json` run.</summary>
/// <param name="ExitCode">0 when the package passed or had no tests, 1 when it failed (as go test counts it).</param>
/// <param name="Tests">Test names in the order they started (`"Action":"run"` events).</param>
/// <param name="Trace">The execution trace, or null when the test binary did not run (build failure, no test files).</param>
/// <param name="Crash">The first line of the panic or fatal error that ended the test binary early, or null.</param>
public sealed record PackageTestRun(string Package, int ExitCode, IReadOnlyList<string> Tests, IReadOnlyList<string> Failed, string? Trace, string? Crash);

/// <summary>
/// Runs one `go test -json` over all the packages, as the user would run go test — go builds, vets and runs them
/// `-p` at a time and prints build failures — with an `-exec` wrapper that gives each test binary its own
/// execution trace (go test's own `-trace` takes one package only). Output is printed as plain `go test` prints
/// it: build errors as they come, each package's output whole when it ends and in the order the packages started
/// (the first one streams), each followed by the caller's report of it.
/// </summary>
/// <param name="directory">Where go runs (its -C), or null for the current directory.</param>
/// <param name="traceDirectory">Where the traces go, one `PACKAGE.trace` per package (`/` written `_`).</param>
public sealed class GoTestRunner(string go, string? directory, string traceDirectory)
{
    private readonly string[] _inDirectory = directory is null ? [] : ["-C", directory];

    /// <summary>The directory of each package <paramref name="patterns"/> name (`./...`, `example.com/x`), by import path, as `go list` expands them.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListPackagesAsync(IReadOnlyList<string> patterns, IReadOnlyList<string> buildFlags, CancellationToken cancel)
    {
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        var stderr = new StringBuilder();
        var exitCode = await RunAsync(["list", .. _inDirectory, "-f", "{{.ImportPath}}\t{{.Dir}}", .. buildFlags, .. Patterns(patterns)], line =>
        {
            if (line.Split('\t') is [var package, var dir])
                listed[package] = dir;
        }, line => stderr.AppendLine(line), cancel);
        if (exitCode != 0)
            throw new SourceException($"go list {string.Join(' ', patterns)} failed: {FirstLine(stderr.ToString())}");
        return listed;
    }

    /// <summary>
    /// Runs go test on <paramref name="patterns"/>; <paramref name="finished"/> gets each package as its turn to
    /// print comes. <paramref name="userExec"/> is the user's own `-exec` program, which the wrapper runs in turn.
    /// </summary>
    /// <returns>go test's exit code.</returns>
    /// <param name="directories">Each package's directory, from <see cref="ListPackagesAsync"/>: where its trace is written.</param>
    public async Task<int> TestAsync(IReadOnlyList<string> patterns, IReadOnlyDictionary<string, string> directories, IReadOnlyList<string> testFlags,
        string? userExec, TextWriter output, Action<PackageTestRun> finished, CancellationToken cancel)
    {
        var scratch = Path.GetFullPath(Path.Combine(traceDirectory, "by-directory"));
        try
        {
            return await TestAsync(patterns, directories, testFlags, WriteExecWrapper(scratch, userExec), scratch, output, finished, cancel);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private async Task<int> TestAsync(IReadOnlyList<string> patterns, IReadOnlyDictionary<string, string> directories, IReadOnlyList<string> testFlags,
        string wrapper, string scratch, TextWriter output, Action<PackageTestRun> finished, CancellationToken cancel)
    {
        var gate = new Lock();
        void Write(string text)
        {
            lock (gate)
                output.Write(text);
        }
        var packages = new Dictionary<string, PackageProgress>(StringComparer.Ordinal);
        var order = new Queue<PackageProgress>();
        // The first unfinished package streams; the others are held until it is done, then printed whole.
        void Flush()
        {
            while (order.TryPeek(out var head))
            {
                Write(head.TakeOutput());
                if (!head.Done)
                    return;
                order.Dequeue();
                finished(head.Finish(TraceOf(scratch, head)));
            }
        }
        var exitCode = await RunAsync(["test", .. _inDirectory, "-json", "-exec", wrapper, .. testFlags, .. Patterns(patterns)], line =>
        {
            if (!line.StartsWith('{'))
            {
                // Before Go 1.24 a build failure's "FAIL x [build failed]" is a plain line, not an event.
                Write(line + "\n");
                return;
            }
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var action = root.TryGetProperty("Action", out var a) ? a.GetString() : null;
            var text = root.TryGetProperty("Output", out var o) ? o.GetString() : null;
            if (action == "build-output")
            {
                Write(text ?? "");
                return;
            }
            if (!root.TryGetProperty("Package", out var p) || p.GetString() is not { } name)
                return;
            if (!packages.TryGetValue(name, out var package))
            {
                packages[name] = package = new PackageProgress(name, directories.GetValueOrDefault(name));
                order.Enqueue(package);
            }
            package.Take(action, root.TryGetProperty("Test", out var t) ? t.GetString() : null, text);
            Flush();
        }, line => Write(line + "\n"), cancel); // go's own errors, and before Go 1.24 the compiler's messages
        foreach (var unfinished in order)
            unfinished.Done = true;
        Flush();
        return exitCode;
    }

    /// <summary>Where the wrapper put a package's trace, moved to its lasting name.</summary>
    private string? TraceOf(string scratch, PackageProgress package)
    {
        if (package.Directory is null)
            return null;
        var written = Path.Combine(scratch, package.Directory.TrimStart('/'), "test.trace");
        if (!File.Exists(written) || new FileInfo(written).Length == 0)
            return null;
        var trace = Path.GetFullPath(Path.Combine(traceDirectory, package.Name.Replace('/', '_') + ".trace"));
        File.Move(written, trace, overwrite: true);
        return trace;
    }

    /// <summary>
    /// The `-exec` program: a POSIX shell script that starts the test binary (through the user's own `-exec`, if
    /// any) with `-test.trace` under <paramref name="scratch"/> at the package's directory — go runs each test
    /// binary in its package's directory and sets $PWD to it.
    /// </summary>
    private static string WriteExecWrapper(string scratch, string? userExec)
    {
        if (OperatingSystem.IsWindows())
            throw new SourceException("goroscope test runs each test binary through a POSIX shell script (go test -exec), which Windows lacks");
        Directory.CreateDirectory(scratch);
        var wrapper = Path.Combine(scratch, "goroscope-exec.sh");
        var run = userExec is null ? "" : Quote(userExec) + " ";
        File.WriteAllText(wrapper, $"""
            #!/bin/sh
            # Written by goroscope test: runs one test binary with an execution trace named after its package's directory.
            binary=$1
            shift
            mkdir -p {Quote(scratch)}"$PWD"
            exec {run}"$binary" -test.trace={Quote(scratch)}"$PWD/test.trace" "$@"

            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return wrapper;
    }

    private static IReadOnlyList<string> Patterns(IReadOnlyList<string> patterns) => patterns.Count == 0 ? ["."] : patterns;

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "no output";

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";

    private async Task<int> RunAsync(IReadOnlyList<string> arguments, Action<string> onStdout, Action<string> onStderr, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(go, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SourceException($"cannot run {go}: {e.Message} (is Go installed?)");
        }
        using (process)
        using (cancel.Register(() => process.Kill(entireProcessTree: true)))
        {
            try
            {
                await Task.WhenAll(ReadLinesAsync(process.StandardOutput, onStdout, cancel), ReadLinesAsync(process.StandardError, onStderr, cancel));
            }
            catch when (!cancel.IsCancellationRequested)
            {
                // A report that cannot be written or read stops the run: go and its test binaries with it.
                process.Kill(entireProcessTree: true);
                throw;
            }
            await process.WaitForExitAsync(cancel);
            return process.ExitCode;
        }
    }

    private static async Task ReadLinesAsync(StreamReader reader, Action<string> onLine, CancellationToken cancel)
    {
        while (await reader.ReadLineAsync(cancel) is { } line)
            onLine(line);
    }

    /// <summary>One package's events so far: its output not yet printed, its tests, and whether it ended.</summary>
    private sealed class PackageProgress(string name, string? directory)
    {
        private readonly StringBuilder _output = new();
        private readonly List<string> _tests = [];
        private readonly List<string> _failed = [];
        private string? _crash;
        private bool _passed;

        public string Name => name;
        public string? Directory => directory;
        public bool Done { get; set; }

        public void Take(string? action, string? test, string? output)
        {
            switch (action)
            {
                case "output" when output is not null:
                    _output.Append(output);
                    if (_crash is null && (output.StartsWith("panic: ", StringComparison.Ordinal) || output.StartsWith("fatal error: ", StringComparison.Ordinal)))
                        _crash = output.TrimEnd();
                    break;
                case "run" when test is not null:
                    _tests.Add(test);
                    break;
                case "fail" when test is not null:
                    _failed.Add(test);
                    break;
                case "pass" or "skip" when test is null:
                    (_passed, Done) = (true, true);
                    break;
                case "fail" when test is null:
                    Done = true;
                    break;
            }
        }

        public string TakeOutput()
        {
            var text = _output.ToString();
            _output.Clear();
            return text;
        }

        public PackageTestRun Finish(string? trace) => new(name, _passed ? 0 : 1, _tests, _failed, trace, _crash);
    }
}
