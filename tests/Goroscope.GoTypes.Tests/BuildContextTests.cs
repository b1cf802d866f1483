using Goroscope.GoSyntax;

namespace Goroscope.GoTypes.Tests;

public class BuildContextTests
{
    private static readonly BuildContext Linux = new(GoSource.Environment("integration"));

    private static SourceFile Parse(string text) => Parser.ParseFile("x.go", System.Text.Encoding.UTF8.GetBytes(text)).File;

    [Theory]
    [InlineData("a.go", true)]
    [InlineData("a_linux.go", true)]
    [InlineData("a_windows.go", false)]
    [InlineData("a_linux_amd64.go", true)]
    [InlineData("a_linux_arm64.go", false)]
    [InlineData("a_amd64.go", true)]
    [InlineData("a_386.go", false)]
    [InlineData("linux.go", true)]
    [InlineData("a_unknownos.go", true)]
    [InlineData("a_test.go", false)]
    [InlineData("_a.go", false)]
    [InlineData(".a.go", false)]
    public void FileNameSuffixesSelectFilesForTheTarget(string name, bool included) =>
        Assert.Equal(included, Linux.MatchesFileName(name, includeTests: false));

    [Fact]
    public void TestFilesAreIncludedWhenAskedAndStillObeyTheirSuffixes()
    {
        Assert.True(Linux.MatchesFileName("a_test.go", includeTests: true));
        Assert.False(Linux.MatchesFileName("a_windows_test.go", includeTests: true));
    }

    [Theory]
    [InlineData("//go:build linux", true)]
    [InlineData("//go:build !linux", false)]
    [InlineData("//go:build unix && amd64", true)]
    [InlineData("//go:build windows || (linux && !arm64)", true)]
    [InlineData("//go:build go1.21", true)]
    [InlineData("//go:build go1.99", false)]
    [InlineData("//go:build integration", true)]
    [InlineData("//go:build cgo", false)]
    [InlineData("//go:build ignore", false)]
    public void GoBuildLinesAreEvaluatedAgainstTheTags(string line, bool included) =>
        Assert.Equal(included, Linux.MatchesConstraints(Parse(line + "\n\npackage p\n")));

    [Theory]
    [InlineData("// +build linux darwin", true)]
    [InlineData("// +build linux,!amd64", false)]
    [InlineData("// +build windows", false)]
    public void OldPlusBuildLinesAreEvaluatedWhenThereIsNoGoBuildLine(string line, bool included) =>
        Assert.Equal(included, Linux.MatchesConstraints(Parse(line + "\n\npackage p\n")));

    [Fact]
    public void AGoBuildLineAfterThePackageClauseIsNotAConstraint() =>
        Assert.True(Linux.MatchesConstraints(Parse("package p\n\n//go:build windows\n")));

    [Fact]
    public void FilesImportingCAreLeftOutWhenCgoIsOff() =>
        Assert.False(Linux.MatchesConstraints(Parse("package p\n\nimport \"C\"\n")));
}
