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

        var onDisk = GoFiles.Under(root).Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')).ToHashSet();
        Assert.Equal(verdicts.Keys.Order(StringComparer.Ordinal), onDisk.Order(StringComparer.Ordinal));

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
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements:\n" + string.Join("\n", disagreements));
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

internal static class GoFiles
{
    public static IEnumerable<string> Under(string root) =>
        Directory.EnumerateFiles(root, "*.go", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(p => (System.IO.File.GetAttributes(p) & FileAttributes.ReparsePoint) == 0);
}
