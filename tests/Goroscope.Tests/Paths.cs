namespace Goroscope.Tests;

/// <summary>Where the repository's testdata and the shared corpus are, wherever the tests run from.</summary>
internal static class Paths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string TestData => Path.Combine(RepoRoot, "testdata");

    /// <summary>Dumps other people recorded; read in place, never copied into the repository.</summary>
    public static string ExternalDumps => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus", "external-dumps"));

    public static string Dump(string goVersion, string name) => Path.Combine(TestData, "dumps", goVersion, name);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Goroscope.slnx")))
                return dir.FullName;
        throw new InvalidOperationException("Goroscope.slnx not found above " + AppContext.BaseDirectory);
    }
}
