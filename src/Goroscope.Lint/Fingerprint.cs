using System.Security.Cryptography;
using System.Text;

namespace Goroscope.Lint;

/// <summary>
/// Fingerprints that survive unrelated edits: the rule, the file, the finding's source line with
/// its indentation trimmed, and which occurrence of that (rule, file, line text) it is — never the
/// line number, so adding code above a finding does not change it.
/// </summary>
internal static class Fingerprint
{
    /// <summary>Diagnostics sorted by file and position, each with its fingerprint.</summary>
    public static IReadOnlyList<Diagnostic> Assign(IEnumerable<Diagnostic> diagnostics)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<Diagnostic>();
        foreach (var d in Sort(diagnostics))
        {
            var key = $"{d.RuleId}\0{d.File.Replace('\\', '/')}\0{d.SourceLine.Trim()}";
            var occurrence = seen[key] = seen.GetValueOrDefault(key) + 1;
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{key}\0{occurrence}"));
            result.Add(d with { Fingerprint = Convert.ToHexStringLower(hash.AsSpan(0, 8)) });
        }
        return result;
    }

    public static IEnumerable<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Start.Line).ThenBy(d => d.Start.Column).ThenBy(d => d.RuleId, StringComparer.Ordinal);
}
