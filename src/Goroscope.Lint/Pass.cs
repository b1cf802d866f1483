using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint;

/// <summary>What a rule sees of one package, and where it reports (go/analysis's Pass).</summary>
internal sealed class Pass
{
    private readonly List<Diagnostic> diagnostics;

    internal Pass(Analyzer analyzer, GoPackage package, PackageFacts facts, Severity severity, List<Diagnostic> diagnostics)
    {
        Analyzer = analyzer;
        Package = package;
        Facts = facts;
        Severity = severity;
        this.diagnostics = diagnostics;
    }

    public Analyzer Analyzer { get; }

    public GoPackage Package { get; }

    public IReadOnlyList<LintFile> Files => Package.Files;

    public PackageFacts Facts { get; }

    /// <summary>
    /// The package's resolved types (what `s.mu` is, which method a call reaches), computed the first time a rule asks;
    /// null when type resolution is off. A null type for an expression means unknown: assume nothing.
    /// </summary>
    public TypeInfo? Types => Package.Types;

    /// <summary>The severity findings of this rule get (its default, or the configured one).</summary>
    public Severity Severity { get; }

    /// <summary>Whether the file imports <paramref name="importPath"/>: rules return early when the API they look for is never imported.</summary>
    public static bool Imports(LintFile file, string importPath) => file.ImportName(importPath) is not null;

    public void Report(LintFile file, Node node, string message, string fix, SuggestedEdit? edit = null) =>
        Report(file, node.Pos, node.End, message, fix, edit);

    public void Report(LintFile file, int start, int end, string message, string fix, SuggestedEdit? edit = null) =>
        Report(file, start, end, message, fix, [], edit);

    /// <summary>Reports a finding with the places that cause it (each a file, a node in it and what happens there).</summary>
    public void Report(LintFile file, Node node, string message, string fix, IEnumerable<(LintFile File, Node Node, string Message)> related) =>
        Report(file, node.Pos, node.End, message, fix, related.Select(r => new RelatedLocation(r.File.Path, r.File.LineColumnOf(r.Node.Pos), r.Message)).ToList(), null);

    private void Report(LintFile file, int start, int end, string message, string fix, IReadOnlyList<RelatedLocation> related, SuggestedEdit? edit)
    {
        var from = file.LineColumnOf(start);
        diagnostics.Add(new Diagnostic
        {
            RuleId = Analyzer.Id,
            File = file.Path,
            Start = from,
            End = file.LineColumnOf(end),
            Severity = Severity,
            Message = message,
            Fix = fix,
            Edit = edit,
            Related = related,
            SourceLine = file.LineText(from.Line),
        });
    }

    /// <summary>The line:col of an offset in a file, for messages that point at a second place.</summary>
    public static int LineOf(LintFile file, Node node) => file.LineColumnOf(node.Pos).Line;
}
