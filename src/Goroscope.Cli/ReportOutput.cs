using System.CommandLine;
using System.Text;
using Spectre.Console;

namespace Goroscope.Cli;

/// <summary>
/// Where a verb's report goes: standard output, or the file `-o/--output` names — opened before the work starts,
/// so a path that cannot be written fails at once, in one line, instead of after a long run.
/// </summary>
internal sealed class ReportOutput : IDisposable
{
    private readonly FileStream? _file;
    private IAnsiConsole? _console;

    private ReportOutput(TextWriter writer, FileStream? file)
    {
        Writer = writer;
        _file = file;
    }

    public static Option<string?> Option(string description = "Write the report to this file instead of standard output.") =>
        new("--output", "-o") { Description = description, HelpName = "file" };

    /// <exception cref="UsageException">The file cannot be created or written.</exception>
    public static ReportOutput Open(string? path, TextWriter stdout)
    {
        if (path is null)
            return new ReportOutput(stdout, null);
        try
        {
            var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
            return new ReportOutput(new StreamWriter(file, new UTF8Encoding(false)), file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot write {path}: {Reason(path, e)}");
        }
    }

    private static string Reason(string path, Exception e) => e switch
    {
        DirectoryNotFoundException => "no such directory",
        UnauthorizedAccessException when Directory.Exists(path) => "it is a directory",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message.TrimEnd('.'),
    };

    public TextWriter Writer { get; }

    /// <summary>The file itself, for binary output; null when the report goes to standard output.</summary>
    public Stream? File => _file;

    /// <summary>The console over the output, one for the whole run: coloured only on a terminal, never in a file.</summary>
    public IAnsiConsole Console() => _console ??= Consoles.For(Writer, colour: _file is null);

    /// <summary>A report that writes UTF-8 (JSON, XML) to a stream, streamed to the output as it is written, then a newline.</summary>
    public void Write(Action<Stream> render)
    {
        Writer.Flush();
        Stream stream = _file is not null ? _file : new TextWriterStream(Writer);
        render(stream);
        stream.Flush();
        Writer.WriteLine();
    }

    public void Dispose()
    {
        if (_file is not null)
            Writer.Dispose();
    }
}
