using Goroscope.GoSyntax;

namespace Goroscope.GoTypes.Tests;

/// <summary>A throw-away module on disk: go.mod and Go files written to a temporary directory, loaded with the installed Go 1.27 tree.</summary>
internal sealed class GoSource : IDisposable
{
    public const string GoRoot = "/opt/go/1.27";

    public GoSource(params (string Path, string Text)[] files)
    {
        Root = Directory.CreateTempSubdirectory("goroscope-gotypes-").FullName;
        foreach (var (path, text) in files)
        {
            var full = System.IO.Path.Combine(Root, path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
    }

    public string Root { get; }

    public static GoEnvironment Environment(params string[] tags) => GoEnvironment.Fallback(GoRoot) with
    {
        GoOs = "linux",
        GoArch = "amd64",
        CgoEnabled = false,
        BuildTags = tags,
        GoPath = [],
        ModCache = null,
    };

    /// <summary>A module "example.com/m" with one file main.go in package main holding <paramref name="body"/>.</summary>
    public static GoSource Module(string body) => new(("go.mod", "module example.com/m\n\ngo 1.27\n"), ("main.go", body));

    public Package Load(string relativeDirectory = ".", GoEnvironment? environment = null)
    {
        var dir = System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, relativeDirectory));
        var workspace = Workspace.For(dir, environment ?? Environment());
        return workspace.Load(dir) ?? throw new InvalidOperationException($"no package in {dir}");
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

internal static class PackageExtensions
{
    /// <summary>The type of the first expression (in source order) whose text is <paramref name="source"/>, as go/types prints it; "unknown" when unresolved.</summary>
    public static string TypeOf(this Package package, string source)
    {
        var expr = Find<Expr>(package, source);
        return package.Info.TypeOf(expr)?.ToString() ?? "unknown";
    }

    public static T Find<T>(this Package package, string source, int occurrence = 0)
        where T : Node
    {
        var matches = new List<T>();
        foreach (var file in package.Files)
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is T t && node.Pos >= 0 && node.End <= file.Syntax.Text.Size && file.Syntax.Text.Text(node.Pos, node.End) == source)
                {
                    matches.Add(t);
                }
                return true;
            });
        }
        return matches.Count > occurrence ? matches[occurrence] : throw new InvalidOperationException($"no {typeof(T).Name} \"{source}\" #{occurrence}");
    }
}
