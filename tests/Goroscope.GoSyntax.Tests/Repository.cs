namespace Goroscope.GoSyntax.Tests;

internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string TestData(string relative) => Path.Combine(Root, "testdata", "gosyntax", relative);

    /// <summary>The src directory of an installed Go tree, or null when it is not installed.</summary>
    public static string? GoSource(string version)
    {
        var dir = $"/opt/go/{version}/src";
        return Directory.Exists(dir) ? Path.GetFullPath(dir) : null;
    }

    // Looks above the test binaries, then above this source file (for builds with -o elsewhere).
    private static string FindRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "") =>
        FindAbove(AppContext.BaseDirectory) ?? FindAbove(Path.GetDirectoryName(sourceFile)!)
        ?? throw new InvalidOperationException("repository root not found");

    private static string? FindAbove(string start)
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "Goroscope.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName;
    }
}
