namespace Goroscope.GoSyntax.Tests;

/// <summary>
/// Every .go file of a Go source tree must be accepted or rejected exactly as go/parser does.
/// The reference verdicts are recorded by testdata/tools/goparse-verdicts.
/// </summary>
public class CorpusTests
{
    [Theory]
    [InlineData("1.27")]
    [InlineData("1.19")]
    public void AcceptsExactlyTheFilesGoParserAccepts(string version)
    {
        var root = Repository.GoSource(version);
        if (root is null)
        {
            return; // Go tree not installed here
        }
        var verdicts = Verdicts.Load(Repository.TestData($"verdicts-go{version}.txt"));

        var onDisk = ParseTool.FindGoFiles(root).Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')).ToHashSet();
        Assert.Equal(verdicts.Keys.Order(StringComparer.Ordinal), onDisk.Order(StringComparer.Ordinal));

        var disagreements = Disagreements(root, verdicts);
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements:\n" + string.Join("\n", disagreements));
    }

    /// <summary>
    /// Damaged copies of real files (written by testdata/tools/go-mutants, judged by
    /// goparse-verdicts into verdicts.txt) are accepted or rejected like go/parser does, with
    /// the same first error. Runs when GOROSCOPE_MUTANTS names such a directory.
    /// </summary>
    [Fact]
    public void DamagedFilesAreJudgedLikeGoParser()
    {
        var root = Environment.GetEnvironmentVariable("GOROSCOPE_MUTANTS");
        if (string.IsNullOrEmpty(root))
        {
            return;
        }
        var disagreements = Disagreements(root, Verdicts.Load(Path.Combine(root, "verdicts.txt")));
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements:\n" + string.Join("\n", disagreements.Take(50)));
    }

    private static List<string> Disagreements(string root, Dictionary<string, string> verdicts)
    {
        var disagreements = new List<string>();
        Parallel.ForEach(verdicts, entry =>
        {
            var result = Parser.ParseFile(entry.Key, System.IO.File.ReadAllBytes(Path.Combine(root, entry.Key)), ParseMode.AllErrors);
            var first = result.HasErrors ? result.Errors[0] : null;
            var ours = first is null ? (result.File.GoVersion.Length > 0 ? "ok\t" + result.File.GoVersion : "ok") : $"error\t{first.Position.Line}:{first.Position.Column}: {first.Message.Replace("\n", "\\n", StringComparison.Ordinal)}";
            if (ours != entry.Value)
            {
                lock (disagreements)
                {
                    disagreements.Add($"{entry.Key}: go/parser {entry.Value} | ours {ours}");
                }
            }
        });
        disagreements.Sort(StringComparer.Ordinal);
        return disagreements;
    }

    [Fact]
    public void TheGo127TreeHasItsDeliberatelyInvalidFiles()
    {
        var verdicts = Verdicts.Load(Repository.TestData("verdicts-go1.27.txt"));
        Assert.Equal(45, verdicts.Values.Count(v => v.StartsWith("error", StringComparison.Ordinal)));
    }
}

internal static class Verdicts
{
    /// <summary>Relative path to "ok", "ok\tgo1.N" (the file's GoVersion) or "error\tline:col: first message".</summary>
    public static Dictionary<string, string> Load(string path)
    {
        var verdicts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in System.IO.File.ReadLines(path))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            verdicts[line[..tab]] = line[(tab + 1)..];
        }
        return verdicts;
    }
}
