namespace Goroscope.GoSyntax.Tests;

public sealed class ParseToolTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("goroscope-parse-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string relative, string content)
    {
        var path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    private static (ParseToolResult Exit, string Out, string Err) Run(ParseToolOptions options, params string[] paths)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = ParseTool.Run(paths, options, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ExitsZeroAndPrintsNothingWhenEverythingParses()
    {
        Write("a.go", "package a\n");
        Write("sub/b.go", "package b\nfunc f() {}\n");
        Assert.Equal((ParseToolResult.Clean, "", ""), Run(new ParseToolOptions(), dir));
    }

    [Fact]
    public void PrintsOneLinePerSyntaxErrorSortedByFileAndExitsOne()
    {
        var b = Write("b.go", "package b\nvar = 1\n");
        var a = Write("sub/a.go", "package a\nfunc f() {\n");
        var (exit, output, _) = Run(new ParseToolOptions(), dir);
        Assert.Equal(ParseToolResult.SyntaxErrors, exit);
        Assert.Equal($"{b}:2:5: expected 'IDENT', found '='\n{a}:2:12: expected '}}', found 'EOF'\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void AllErrorsReportsEveryErrorOnALine()
    {
        var f = Write("c.go", "package c\nvar = 1\n");
        Assert.Single(Run(new ParseToolOptions(), f).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, Run(new ParseToolOptions { AllErrors = true }, f).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void DirectoriesAreWalkedForGoFilesOnlyButNamedFilesAreAlwaysParsed()
    {
        Write("notes.txt", "not go");
        var named = Write("script.gotmpl", "package x\n");
        Assert.Equal(ParseToolResult.Clean, Run(new ParseToolOptions(), dir).Exit);
        Assert.Equal(ParseToolResult.Clean, Run(new ParseToolOptions(), named).Exit);
    }

    [Fact]
    public void MissingPathExitsTwoWithAMessageOnStderr()
    {
        var missing = Path.Combine(dir, "nope.go");
        var (exit, _, err) = Run(new ParseToolOptions(), missing);
        Assert.Equal(ParseToolResult.Unreadable, exit);
        Assert.Contains("nope.go", err, StringComparison.Ordinal);
    }

    [Fact]
    public void StatsReportFilesBytesSecondsAndThroughput()
    {
        Write("a.go", "package a\n");
        var (_, output, _) = Run(new ParseToolOptions { Stats = true }, dir);
        Assert.Matches(@"^files=1 rejected=0 errors=0 bytes=10 seconds=\d+\.\d{3} MB/s=\d+\.\d\n$", output.ReplaceLineEndings("\n"));
    }
}

public sealed class ParseToolWalkTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("goroscope-walk-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void WalkSkipsOnlyTheDirectoriesItIsToldToSkip()
    {
        foreach (var relative in new[] { "a.go", "testdata/bad.go", "x/testdata/bad.go", "x/y.go", "x/notes.txt" })
        {
            var path = Path.Combine(dir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            System.IO.File.WriteAllText(path, "package p\n");
        }
        string Rel(string p) => Path.GetRelativePath(dir, p).Replace('\\', '/');
        Assert.Equal(["a.go", "testdata/bad.go", "x/testdata/bad.go", "x/y.go"], ParseTool.FindGoFiles(dir).Select(Rel));
        Assert.Equal(["a.go", "x/y.go"], ParseTool.FindGoFiles(dir, ["testdata"]).Select(Rel));
    }
}
