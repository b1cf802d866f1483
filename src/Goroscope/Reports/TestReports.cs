using System.Text.Encodings.Web;
using System.Text.Json;
using Goroscope.Traces.Attribution;
using Spectre.Console;

namespace Goroscope.Reports;

/// <summary>`goroscope test` reports: text after each package, one JSON document, or GitHub annotations.</summary>
public static class TestReports
{
    public const string Schema = "goroscope.test/v1";

    public static void WriteText(IAnsiConsole console, PackageLeaks package)
    {
        if (package.Crash is not null)
        {
            console.Line($"[bold red]goroscope: the test binary of {Markup.Escape(package.Package)} died: {Markup.Escape(package.Crash)}[/] (no leak report: all its goroutines were still running)");
            return;
        }
        if (!package.Traced)
            return;
        if (package.Leaks.Count == 0)
        {
            console.Line($"[green]goroscope: no test in {Markup.Escape(package.Package)} leaked goroutines[/]");
            return;
        }
        var total = package.Leaks.Sum(t => t.Goroutines);
        console.Line($"[bold red]goroscope: {package.Leaks.Count} test{(package.Leaks.Count == 1 ? "" : "s")} in {Markup.Escape(package.Package)} leaked {total} goroutine{(total == 1 ? "" : "s")}[/]");
        foreach (var test in package.Leaks)
        {
            console.Line($"[bold]--- LEAK: {Markup.Escape(test.Test)}[/] ({test.Goroutines} goroutine{(test.Goroutines == 1 ? "" : "s")})");
            foreach (var suspect in test.Buckets)
            {
                var b = suspect.Bucket;
                console.Line($"    {b.Count} × [red]{Markup.Escape(b.State.Reason)}[/] ({Markup.Escape(b.Pattern.Id)}) for {TraceDurations.Format(suspect.MaxBlocked)}"
                    + $" at {TextReport.SiteMarkup(b.BlockingSite.Frame)}, created at {TextReport.SiteMarkup(b.CreatedBy)}");
            }
        }
    }

    /// <summary>The closing line of a run of several packages, after go test's own.</summary>
    public static void WriteSummary(IAnsiConsole console, IReadOnlyList<PackageLeaks> packages)
    {
        var leaking = packages.SelectMany(p => p.Leaks).ToList();
        var goroutines = leaking.Sum(t => t.Goroutines);
        var crashed = packages.Count(p => p.Crash is not null);
        console.Line($"goroscope: {packages.Count} package{(packages.Count == 1 ? "" : "s")}, "
            + (leaking.Count > 0 ? $"[bold red]{leaking.Count} test{(leaking.Count == 1 ? "" : "s")} leaked {goroutines} goroutine{(goroutines == 1 ? "" : "s")}[/]" : "no test leaked goroutines")
            + (crashed > 0 ? $", [bold red]{crashed} crashed[/]" : ""));
    }

    public static void WriteJson(Stream output, IReadOnlyList<PackageLeaks> packages)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("schema", Schema);
        json.WriteNumber("leakingTests", packages.Sum(p => p.Leaks.Count));
        json.WriteStartArray("packages");
        foreach (var package in packages)
        {
            json.WriteStartObject();
            json.WriteString("package", package.Package);
            json.WriteNumber("exitCode", package.ExitCode);
            json.WriteBoolean("traced", package.Traced);
            if (package.Crash is not null)
                json.WriteString("crash", package.Crash);
            WriteStrings(json, "tests", package.Tests);
            WriteStrings(json, "failed", package.Failed);
            json.WriteStartArray("leaks");
            foreach (var test in package.Leaks)
            {
                json.WriteStartObject();
                json.WriteString("test", test.Test);
                json.WriteNumber("goroutines", test.Goroutines);
                json.WriteStartArray("buckets");
                foreach (var suspect in test.Buckets)
                {
                    json.WriteStartObject();
                    json.WritePropertyName("bucket");
                    JsonReport.WriteBucket(json, suspect.Bucket);
                    json.WriteNumber("blockedNsMax", suspect.MaxBlocked);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>One `::error` per leaking bucket at its creation site (the `go` statement to fix), and a `::notice` to sum up.</summary>
    /// <param name="repositoryRoot">The checkout's directory, to annotate files by their path relative to it; null to keep the paths as recorded.</param>
    public static void WriteGitHub(TextWriter output, IReadOnlyList<PackageLeaks> packages, string? repositoryRoot)
    {
        var root = repositoryRoot is null ? null : DiffGitHubReport.NormalizeRoot(repositoryRoot);
        foreach (var package in packages)
            foreach (var test in package.Leaks)
                foreach (var suspect in test.Buckets)
                {
                    var b = suspect.Bucket;
                    var title = $"goroutine leak in {test.Test}: {b.Count} × {b.Pattern.Id}";
                    var message = $"{test.Test} left {b.Count} goroutine{(b.Count == 1 ? "" : "s")} {b.State.Reason}"
                        + (b.BlockingSite.Frame is { } site ? $" at {DiffGitHubReport.FrameText(site, root)}" : "")
                        + $"\n{b.Pattern.Why}\nfix: {b.Pattern.Fix}";
                    var creation = b.CreatedBy is { File.Length: > 0 } frame ? frame : null;
                    new GitHubAnnotation("error", message)
                    {
                        File = creation is null ? null : DiffGitHubReport.RelativePath(creation.File, root),
                        Line = creation?.Line ?? 0,
                        Title = title,
                    }.WriteTo(output);
                }
        var leaking = packages.Sum(p => p.Leaks.Count);
        var summary = $"goroscope test: {packages.Count} package{(packages.Count == 1 ? "" : "s")}, "
            + (leaking > 0 ? $"{leaking} test{(leaking == 1 ? "" : "s")} leaked goroutines" : "no test leaked goroutines");
        new GitHubAnnotation("notice", summary).WriteTo(output);
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
