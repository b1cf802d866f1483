namespace Goroscope.GoTypes;

/// <summary>A replace directive: a module path (optionally one version) replaced by a local directory or another module version.</summary>
public sealed record ModuleReplacement(string Path, string? Version, string NewPath, string? NewVersion)
{
    /// <summary>Replacements by a directory start with ./, ../ or /.</summary>
    public bool IsLocal => NewPath.StartsWith("./", StringComparison.Ordinal) || NewPath.StartsWith("../", StringComparison.Ordinal)
        || NewPath.StartsWith('/') || NewPath is "." or "..";
}

/// <summary>What go.mod says: the module path, the `go` line, required versions and replacements.</summary>
public sealed class GoModule
{
    public GoModule(string directory, string path, string? goVersion, IReadOnlyDictionary<string, string> requires, IReadOnlyList<ModuleReplacement> replaces)
    {
        Directory = directory;
        Path = path;
        GoVersion = goVersion;
        Requires = requires;
        Replaces = replaces;
    }

    /// <summary>The directory holding go.mod.</summary>
    public string Directory { get; }

    public string Path { get; }

    /// <summary>"1.22" from the `go 1.22` line, or null.</summary>
    public string? GoVersion { get; }

    public IReadOnlyDictionary<string, string> Requires { get; }

    public IReadOnlyList<ModuleReplacement> Replaces { get; }

    /// <summary>Whether vendor/modules.txt is present and the `go` line (1.14 or later) makes `go` build from vendor/.</summary>
    public bool UsesVendor
    {
        get
        {
            if (!File.Exists(System.IO.Path.Combine(Directory, "vendor", "modules.txt")))
            {
                return false;
            }
            var parts = (GoVersion ?? "").Split('.');
            return parts.Length >= 2 && int.TryParse(parts[1], out var minor) && minor >= 14;
        }
    }

    public static GoModule Parse(string directory, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string path = "";
        string? goVersion = null;
        var requires = new Dictionary<string, string>(StringComparer.Ordinal);
        var replaces = new List<ModuleReplacement>();
        string? block = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = StripComment(raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (block is not null)
            {
                if (line == ")")
                {
                    block = null;
                    continue;
                }
                Directive(block, line);
                continue;
            }
            var words = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 2 && words[1] == "(")
            {
                block = words[0];
                continue;
            }
            if (words.Length == 2)
            {
                Directive(words[0], words[1]);
            }
        }
        return new GoModule(directory, path, goVersion, requires, replaces);

        void Directive(string verb, string args)
        {
            var fields = args.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Unquote).ToArray();
            switch (verb)
            {
                case "module" when fields.Length >= 1:
                    path = fields[0];
                    break;
                case "go" when fields.Length >= 1:
                    goVersion = fields[0];
                    break;
                case "require" when fields.Length >= 2:
                    requires[fields[0]] = fields[1];
                    break;
                case "replace":
                    var arrow = Array.IndexOf(fields, "=>");
                    if (arrow is 1 or 2 && fields.Length > arrow + 1)
                    {
                        replaces.Add(new ModuleReplacement(fields[0], arrow == 2 ? fields[1] : null, fields[arrow + 1], fields.Length > arrow + 2 ? fields[arrow + 2] : null));
                    }
                    break;
            }
        }
    }

    /// <summary>The go.mod in <paramref name="directory"/>, or null when there is none or it cannot be read.</summary>
    public static GoModule? Read(string directory)
    {
        var file = System.IO.Path.Combine(directory, "go.mod");
        try
        {
            return File.Exists(file) ? Parse(directory, File.ReadAllText(file)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string StripComment(string line)
    {
        var i = line.IndexOf("//", StringComparison.Ordinal);
        return i >= 0 ? line[..i] : line;
    }

    private static string Unquote(string s) => s.Length >= 2 && s[0] is '"' or '`' && s[^1] == s[0] ? s[1..^1] : s;
}
