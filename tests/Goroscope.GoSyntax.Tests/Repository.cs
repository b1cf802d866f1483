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

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "Goroscope.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
