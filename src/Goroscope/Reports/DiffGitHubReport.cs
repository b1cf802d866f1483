using Goroscope.Analysis.Diff;
using Goroscope.Stacks;

namespace Goroscope.Reports;

/// <summary>
/// `goroscope diff --format github`: GitHub Actions workflow commands. Each leak is an `::error` annotation at its
/// blocking site, each growth the gate let through a `::warning`, and a `::notice` sums up.
/// </summary>
public static class DiffGitHubReport
{
    /// <summary>Enough callers to show how the goroutine got stuck without flooding the annotation.</summary>
    private const int MaxFrames = 5;

    /// <param name="repositoryRoot">The checkout's directory: files under it are annotated by their path relative to it, which is how GitHub matches them to the diff; null to keep the paths as recorded.</param>
    public static void Write(TextWriter output, DiffResult diff, LeakGate gate, string? repositoryRoot)
    {
        var root = repositoryRoot is null ? null : NormalizeRoot(repositoryRoot);
        foreach (var change in diff.Changes.Where(c => c.Kind is ChangeKind.New or ChangeKind.Grown && c.IgnoredBy is null))
        {
            var leak = gate.IsLeak(change);
            var title = $"{(leak ? "goroutine leak" : "goroutine growth")}: {change.Bucket.Pattern.Id} +{change.Delta} ({change.Baseline} → {change.Current})";
            var lines = new List<string>();
            if (!leak)
                lines.Add($"not counted as a leak (--fail-on {FailOnName(gate)}, --min-growth {gate.MinGrowth}, --min-ratio {gate.MinRatio})");
            lines.Add(change.Bucket.Pattern.Why);
            lines.Add($"fix: {change.Bucket.Pattern.Fix}");
            var stack = FromBlockingSite(change);
            lines.AddRange(stack.Take(MaxFrames).Select(f => FrameText(f, root)));
            var hidden = stack.Count - MaxFrames;
            if (hidden > 0)
                lines.Add($"… {hidden} more frame{(hidden == 1 ? "" : "s")}");

            var site = change.Bucket.BlockingSite.Frame is { File.Length: > 0 } frame ? frame : null;
            new GitHubAnnotation(leak ? "error" : "warning", string.Join('\n', lines))
            {
                File = site is null ? null : RelativePath(site.File, root),
                Line = site?.Line ?? 0,
                Title = title,
            }.WriteTo(output);
        }

        var leaks = diff.Changes.Count(gate.IsLeak);
        int Count(ChangeKind kind) => diff.Changes.Count(c => c.Kind == kind);
        var summary = $"goroscope diff: {diff.Baseline.Goroutines} → {diff.Current.Goroutines} goroutines ({diff.Delta:+#;-#;0}); "
            + $"{Count(ChangeKind.New)} new, {Count(ChangeKind.Grown)} grown, {Count(ChangeKind.Shrunk)} shrunk, {Count(ChangeKind.Gone)} gone; "
            + (leaks > 0 ? $"{leaks} leak{(leaks == 1 ? "" : "s")}" : "no leaks")
            + $" (--fail-on {FailOnName(gate)}, --min-growth {gate.MinGrowth}, --min-ratio {gate.MinRatio})";
        new GitHubAnnotation("notice", summary).WriteTo(output);
    }

    /// <summary>
    /// The stack from the blocking site outward: the annotation sits there, and the standard library's frames
    /// inside it (internal/poll, sync) would otherwise crowd the user's callers out of the first few.
    /// </summary>
    private static List<Frame> FromBlockingSite(BucketChange change)
    {
        var frames = change.Bucket.SignificantFrames.ToList();
        var site = change.Bucket.BlockingSite.Frame;
        return frames[(site is null ? 0 : Math.Max(0, frames.IndexOf(site)))..];
    }

    private static string FailOnName(LeakGate gate) => gate.FailOn.ToString().ToLowerInvariant();

    internal static string FrameText(Frame frame, string? root) =>
        frame.File.Length == 0 ? frame.Function : $"{frame.Function} {RelativePath(frame.File, root)}:{frame.Line}";

    /// <summary>Go records forward slashes on every platform; the root may come with either, and with or without a trailing one.</summary>
    internal static string NormalizeRoot(string root) => Path.GetFullPath(root).Replace('\\', '/').TrimEnd('/') + "/";

    internal static string RelativePath(string file, string? root) =>
        root is not null && file.StartsWith(root, StringComparison.Ordinal) ? file[root.Length..] : file;
}
