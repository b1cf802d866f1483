using System.Collections.Concurrent;
using System.Globalization;

namespace Goroscope.Lint;

/// <summary>The `go` line of the nearest go.mod above a directory, as the minor version ("go 1.23" → 23).</summary>
public sealed class GoModVersion
{
    private readonly ConcurrentDictionary<string, int?> byDirectory = new(StringComparer.Ordinal);

    public int? For(string directory)
    {
        var full = System.IO.Path.GetFullPath(directory);
        return byDirectory.GetOrAdd(full, Find);
    }

    /// <summary>"1.23", "1.23.4", "go1.23" → 23; null for anything else.</summary>
    public static int? ParseMinor(string version)
    {
        var v = version.Trim();
        if (v.StartsWith("go", StringComparison.Ordinal))
            v = v[2..];
        var parts = v.Split('.');
        if (parts.Length < 2 || parts[0] != "1")
            return null;
        var digits = new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var minor) ? minor : null;
    }

    /// <summary>The version on the `go` line of go.mod text, or null when it has none.</summary>
    public static int? FromGoMod(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("go ", StringComparison.Ordinal) || line.StartsWith("go\t", StringComparison.Ordinal))
                return ParseMinor(line[3..]);
        }
        return null;
    }

    private int? Find(string directory)
    {
        var goMod = System.IO.Path.Combine(directory, "go.mod");
        if (File.Exists(goMod))
        {
            try
            {
                return FromGoMod(File.ReadAllText(goMod));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
        var parent = System.IO.Path.GetDirectoryName(directory);
        return parent is null || parent == directory ? null : For(parent);
    }
}
