using System.IO.Enumeration;
using System.Text.RegularExpressions;
using Goroscope.GoSyntax;

namespace Goroscope.Lint;

public sealed record LoadOptions
{
    /// <summary>Lint the _test.go files found in directories too (a file named on its own is always linted).</summary>
    public bool IncludeTests { get; init; }

    /// <summary>Overrides every go.mod's `go` line (the minor version: 22 for 1.22).</summary>
    public int? GoMinor { get; init; }

    /// <summary>Files parsed at once.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Called with (files parsed, files in all) while parsing.</summary>
    public Action<int, int>? Progress { get; init; }

    /// <summary>Resolves packages' types when a rule asks; by default with the go command's configuration. Null turns type resolution off.</summary>
    public TypeResolution? Types { get; init; } = new();
}

/// <summary>A file that could not be linted: unreadable, or not valid Go.</summary>
public sealed record LoadProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <param name="FileCount">Files read for linting (generated ones included), not counting those outside the build.</param>
/// <param name="OutsideBuild">Files found in directories and left out because the build leaves them out (GOOS/GOARCH suffixes, build constraints, cgo).</param>
public sealed record LoadResult(IReadOnlyList<GoPackage> Packages, IReadOnlyList<LoadProblem> Problems, int FileCount, int OutsideBuild = 0);

/// <summary>
/// Turns paths into packages the way the go command sees them: the .go files of one directory
/// with the same package clause. Directories are walked recursively ("dir/..." is accepted too),
/// skipping vendor/, testdata/ and directories starting with "." or "_"; generated files
/// ("// Code generated ... DO NOT EDIT.") and files constrained by "//go:build ignore" are left out.
/// With type resolution on, files found in directories are linted only when they are in the build, as `go vet`
/// lints them (GOOS/GOARCH suffixes, build constraints, --tags); a file named on its own always is.
/// </summary>
public static partial class PackageLoader
{
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal) { "vendor", "testdata" };

    public static LoadResult Load(IReadOnlyList<string> paths, LoadOptions options)
    {
        var problems = new List<LoadProblem>();
        var files = new List<string>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var given in paths)
        {
            var path = given.EndsWith("/...", StringComparison.Ordinal) ? given[..^4] : given == "..." ? "." : given;
            if (path.Length == 0)
                path = "/"; // "/..."
            if (Directory.Exists(path))
            {
                try
                {
                    files.AddRange(FindGoFiles(path).Where(f => options.IncludeTests || !f.EndsWith("_test.go", StringComparison.Ordinal)));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    problems.Add(new LoadProblem(path, e.Message));
                }
            }
            else if (File.Exists(path))
            {
                files.Add(path);
                named.Add(Normalize(path));
            }
            else
            {
                problems.Add(new LoadProblem(given, "no such file or directory"));
            }
        }
        files = files.Select(Normalize).Distinct(StringComparer.Ordinal).ToList();
        var build = options.Types?.Build;
        var found = files.Count;
        // A file name the build rules out (foo_windows.go on linux) is not even parsed: nothing resolves it either.
        if (build is not null)
            files = files.Where(f => named.Contains(f) || build.MatchesFileName(Path.GetFileName(f), includeTests: true)).ToList();
        var outsideBuild = found - files.Count;

        var parsed = new ParseResult?[files.Count];
        var readErrors = new string?[files.Count];
        var done = 0;
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism) }, i =>
        {
            try
            {
                parsed[i] = Parser.ParseFile(files[i], File.ReadAllBytes(files[i]));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                readErrors[i] = e.Message;
            }
            options.Progress?.Invoke(Interlocked.Increment(ref done), files.Count);
        });

        var goMod = new GoModVersion();
        var groups = new Dictionary<(string Dir, string Name), List<SourceFile>>();
        var pathOf = new Dictionary<SourceFile, string>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < files.Count; i++)
        {
            if (readErrors[i] is { } error)
            {
                problems.Add(new LoadProblem(files[i], error));
                continue;
            }
            var result = parsed[i]!;
            options.Types?.AddParsed(files[i], result.File);
            if (result.Errors.Count > 0)
            {
                problems.Add(new LoadProblem(files[i], $"{result.Errors[0].Position.Line}:{result.Errors[0].Position.Column}: {result.Errors[0].Message}"));
                continue;
            }
            if (IsGenerated(result.File) || IsIgnored(result.File))
                continue;
            if (build is not null && !named.Contains(files[i]) && !build.MatchesConstraints(result.File))
            {
                outsideBuild++;
                continue;
            }
            var key = (Path.GetDirectoryName(files[i]) ?? ".", result.File.Name.Name);
            if (!groups.TryGetValue(key, out var list))
                groups[key] = list = [];
            list.Add(result.File);
            pathOf[result.File] = files[i];
        }

        var packages = new List<GoPackage>();
        foreach (var ((dir, name), sources) in groups.OrderBy(g => g.Key.Dir, StringComparer.Ordinal).ThenBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            var scope = new Lazy<PackageScope>(() => new PackageScope(sources), LazyThreadSafetyMode.ExecutionAndPublication);
            var lintFiles = sources.Select(s => new LintFile(pathOf[s], s, scope)).ToList();
            packages.Add(new GoPackage(dir, name, lintFiles, options.GoMinor ?? goMod.For(dir.Length == 0 ? "." : dir), options.Types));
        }
        return new LoadResult(packages, problems, found - outsideBuild, outsideBuild);
    }

    /// <summary>Every *.go file under the directory, not entering vendor/, testdata/, ".x" or "_x" directories or symbolic links.</summary>
    public static IEnumerable<string> FindGoFiles(string directory)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        return new FileSystemEnumerable<string>(directory, (ref FileSystemEntry e) => e.ToSpecifiedFullPath(), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) =>
                !e.IsDirectory && (e.Attributes & FileAttributes.ReparsePoint) == 0 && e.FileName.EndsWith(".go", StringComparison.Ordinal)
                && !e.FileName.StartsWith('.') && !e.FileName.StartsWith('_'),
            ShouldRecursePredicate = (ref FileSystemEntry e) =>
                (e.Attributes & FileAttributes.ReparsePoint) == 0 && !SkippedDirectories.Contains(e.FileName.ToString())
                && !e.FileName.StartsWith('.') && !e.FileName.StartsWith('_'),
        };
    }

    /// <summary>Go's convention (go help generate): a line "// Code generated ... DO NOT EDIT." before the package clause.</summary>
    public static bool IsGenerated(SourceFile file) =>
        file.Comments.TakeWhile(g => g.Pos < file.Package || file.Package < 0)
            .SelectMany(g => g.List)
            .Any(c => GeneratedMarker().IsMatch(c.Text));

    private static bool IsIgnored(SourceFile file) =>
        file.Comments.TakeWhile(g => g.Pos < file.Package || file.Package < 0)
            .SelectMany(g => g.List)
            .Any(c => c.Text.StartsWith("//go:build", StringComparison.Ordinal) && IgnoreTag().IsMatch(c.Text));

    private static string Normalize(string path) => path.StartsWith("./", StringComparison.Ordinal) && path.Length > 2 ? path[2..] : path;

    [GeneratedRegex(@"^// Code generated .* DO NOT EDIT\.$")]
    private static partial Regex GeneratedMarker();

    [GeneratedRegex(@"^//go:build\s+ignore\s*$")]
    private static partial Regex IgnoreTag();
}
