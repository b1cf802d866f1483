namespace Goroscope.Cli.Tests;

/// <summary>`goroscope parse` wired to the Go parser: gofmt -e -l style lines and exit codes.</summary>
public class ParseCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("goroscope-parse-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Syntax_error_prints_file_line_column_and_exits_1()
    {
        File.WriteAllText(Path.Combine(_dir, "good.go"), "package x\n\nfunc f() {}\n");
        File.WriteAllText(Path.Combine(_dir, "bad.go"), "package x\n\nfunc f() {\n\tx := \n}\n");
        var run = Cli.Run("parse", _dir);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"{Path.Combine(_dir, "bad.go")}:5:1: expected operand, found '}}'", run.Stdout.Trim());
    }

    [Fact]
    public void Valid_files_exit_0_and_stats_count_them()
    {
        File.WriteAllText(Path.Combine(_dir, "good.go"), "package x\n\nfunc f() {}\n");
        var run = Cli.Run("parse", _dir, "--stats");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("files=1 rejected=0 errors=0", run.Stdout.Trim());
    }

    [Fact]
    public void Missing_path_exits_2()
    {
        Assert.Equal(2, Cli.Run("parse", Path.Combine(_dir, "none.go")).ExitCode);
    }

    [Fact]
    public void Missing_path_is_one_line_with_the_goroscope_prefix()
    {
        var missing = Path.Combine(_dir, "none.go");

        Assert.Equal($"goroscope: {missing}: no such file or directory\n", Cli.Run("parse", missing).Stderr);
    }
}
