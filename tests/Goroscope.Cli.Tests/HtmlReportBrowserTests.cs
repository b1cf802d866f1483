using Goroscope.Tests;
using Xunit.Abstractions;

namespace Goroscope.Cli.Tests;

/// <summary>
/// The HTML report of the leakzoo dump (Go 1.27) in real headless Chromium at 1400 and 800 px, driven by
/// tests/browser/check-report.mjs: search by file:line, module-relative paths, creators by function, copy buttons,
/// editor links, score terms and evidence, the blocking source lines (read with --source), no leak advice for
/// known-background buckets, nothing cut off. Screenshots are kept in
/// $GOROSCOPE_SCREENSHOTS (artifacts/screenshots by default).
/// </summary>
public class HtmlReportBrowserTests(ITestOutputHelper output)
{
    private const string EditorUrl = "vscode://file/{path}:{line}";

    [Fact]
    public async Task Chromium_shows_the_report_usable_at_1400_and_800_px()
    {
        BrowserCheck.RequireBrowser();
        var work = Directory.CreateTempSubdirectory("goroscope-report-");
        try
        {
            var report = Path.Combine(work.FullName, "leakzoo.html");
            var run = Cli.Run("analyze", Path.Combine(Paths.TestData, "dumps", "go1.27", "leakzoo.debug2.txt"), "--format", "html", "--no-presets", "--editor-url", EditorUrl,
                "--source", Path.Combine(Paths.TestData, "programs", "leakzoo"), "-o", report);
            Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
            output.WriteLine(await BrowserCheck.RunAsync("check-report.mjs", [report, BrowserCheck.Screenshots, "vscode://file/"], TimeSpan.FromSeconds(90)));
            BrowserCheck.AssertScreenshots(["report-1400-list.png", "report-800-list.png", "report-800-bucket.png", "report-800-evidence.png", "report-800-tree.png"]);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_editor_url_without_a_path_slot_is_a_usage_error()
    {
        var run = Cli.Run("analyze", Path.Combine(Paths.TestData, "dumps", "go1.27", "leakzoo.debug2.txt"), "--format", "html", "--editor-url", "vscode://file");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("goroscope: --editor-url vscode://file: needs {path} where the file goes (and {line} for the line), e.g. vscode://file/{path}:{line}", run.Stderr);
        Assert.Single(run.Stderr.TrimEnd().Split('\n'));
    }
}
