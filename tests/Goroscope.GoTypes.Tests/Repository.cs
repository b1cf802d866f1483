namespace Goroscope.GoTypes.Tests;

internal static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "") =>
        FindAbove(AppContext.BaseDirectory) ?? FindAbove(Path.GetDirectoryName(sourceFile)!)
        ?? throw new InvalidOperationException("repository root not found");

    private static string? FindAbove(string start)
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Goroscope.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName;
    }
}
