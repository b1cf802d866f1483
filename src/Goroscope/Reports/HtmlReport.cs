using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Goroscope.Analysis;
using Goroscope.Stacks;

namespace Goroscope.Reports;

/// <summary>
/// `--format html`: one self-contained page (inline CSS and JS, a Content-Security-Policy that forbids any outside
/// request). The header and the filter choices are rendered here; the bucket list and the creation tree are drawn
/// by the page's script from an embedded JSON blob, a page of buckets at a time and tree levels as they are opened,
/// so a dump of 10,000 buckets stays usable. See docs/html-report.md.
/// </summary>
public static partial class HtmlReport
{
    /// <summary>Parent ids listed per bucket; the rest are counted.</summary>
    private const int MaxParentIds = 20;

    /// <param name="editorUrl">A link template for source lines, `{path}` and `{line}` filled in (`vscode://file/{path}:{line}`), or null for no links.</param>
    public static void Write(TextWriter output, AnalysisResult result, ReportContext context, string? editorUrl = null)
    {
        var paths = HtmlSourcePaths.Of(result.Buckets.SelectMany(b => b.CreatedBy is { } creator ? b.Stack.Frames.Append(creator) : b.Stack.Frames));
        var slots = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["title"] = Encode($"Goroscope — {context.Source}"),
            ["css"] = Resource("report.css"),
            ["js"] = Resource("report.js"),
            ["header"] = Header(result, context, paths),
            ["patternOptions"] = Options(result.Buckets.Select(b => b.Pattern.Id)),
            ["stateOptions"] = Options(result.Buckets.Select(b => b.State.Reason)),
            ["packageOptions"] = Options(result.Buckets.Select(PackageOf)),
            ["data"] = Data(result, CreationTree.Build(result), paths, editorUrl),
        };
        // One pass over the template: text put into a slot is never searched for slots itself.
        var template = Resource("report.html");
        var written = 0;
        foreach (Match slot in Slot().Matches(template))
        {
            output.Write(template.AsSpan(written, slot.Index - written));
            output.Write(slots[slot.Groups[1].Value]);
            written = slot.Index + slot.Length;
        }
        output.Write(template.AsSpan(written));
    }

    private static string Header(AnalysisResult result, ReportContext context, HtmlSourcePaths paths)
    {
        var html = new StringBuilder();
        html.Append("<dl class=\"meta\">");
        Meta(html, "source", context.Source);
        if (paths.ModuleRoot is { } root)
            Meta(html, "module", paths.ModulePath is { } module ? $"{module} ({root})" : root);
        Meta(html, "format", ReportContext.FormatName(result.Snapshot));
        Meta(html, "grouping", result.Grouping.ToString().ToLowerInvariant());
        html.Append("</dl><div class=\"stats\">");
        Stat(html, "goroutines", result.Goroutines, null);
        Stat(html, "buckets", result.Buckets.Count, null);
        Stat(html, result.Suspects == 1 ? "leak suspect" : "leak suspects", result.Suspects, result.Suspects > 0 ? "bad" : "good");
        var leaked = result.Buckets.Sum(b => b.Leaked);
        if (leaked > 0)
            Stat(html, "proven leaked by the runtime", leaked, "bad");
        if (result.IgnoredGoroutines > 0)
            Stat(html, "ignored by rules or presets", result.IgnoredGoroutines, null);
        if (result.MissingGoroutines is { } missing)
            Stat(html, "missing from the dump", missing, "warn");
        html.Append("</div>");
        var warnings = result.Warnings.Concat(context.Notes).ToList();
        if (warnings.Count > 0)
        {
            html.Append("<ul class=\"warnings\">");
            foreach (var warning in warnings)
                html.Append("<li>").Append(Encode(warning)).Append("</li>");
            html.Append("</ul>");
        }
        return html.ToString();
    }

    private static void Meta(StringBuilder html, string name, string value) =>
        html.Append("<div><dt>").Append(name).Append("</dt><dd>").Append(Encode(value)).Append("</dd></div>");

    private static void Stat(StringBuilder html, string name, long value, string? tone) =>
        html.Append("<div class=\"stat").Append(tone is null ? "" : " " + tone).Append("\"><span class=\"value\">")
            .Append(value.ToString("N0", CultureInfo.InvariantCulture)).Append("</span><span class=\"name\">").Append(name).Append("</span></div>");

    /// <summary>The distinct values, most buckets first, as `option` elements showing each one's bucket count.</summary>
    private static string Options(IEnumerable<string> values)
    {
        var html = new StringBuilder();
        foreach (var group in values.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var label = group.Key.Length == 0 ? "(none)" : group.Key;
            html.Append("<option value=\"").Append(Encode(group.Key)).Append("\">").Append(Encode(label))
                .Append(" (").Append(group.Count().ToString(CultureInfo.InvariantCulture)).Append(")</option>");
        }
        return html.ToString();
    }

    private static string PackageOf(Bucket bucket) => bucket.BlockingSite.Frame?.Package ?? "";

    /// <summary>
    /// The JSON the script draws from. Frames are listed once and referred to by index (buckets share most of
    /// their frames); the default encoder escapes `&lt;`, `&gt;` and `&amp;`, so no name can close the script element.
    /// </summary>
    private static string Data(AnalysisResult result, CreationTree tree, HtmlSourcePaths paths, string? editorUrl)
    {
        var frames = new FrameTable(paths);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("threshold", Scoring.SuspectThreshold);
            if (editorUrl is not null)
                json.WriteString("editorUrl", editorUrl);
            json.WriteStartObject("patterns");
            foreach (var pattern in result.Buckets.Select(b => b.Pattern).Distinct())
            {
                json.WriteStartObject(pattern.Id);
                json.WriteString("why", pattern.Why);
                json.WriteString("fix", pattern.Fix);
                json.WriteBoolean("stuck", pattern.IsStuck);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteStartArray("buckets");
            foreach (var bucket in result.Buckets)
                WriteBucket(json, bucket, frames);
            json.WriteEndArray();
            json.WriteBoolean("treeHasCreators", tree.HasCreators);
            WriteTree(json, tree, result.Buckets);
            frames.Write(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteBucket(Utf8JsonWriter json, Bucket bucket, FrameTable frames)
    {
        json.WriteStartObject();
        json.WriteString("id", bucket.Id);
        json.WriteNumber("count", bucket.Count);
        json.WriteNumber("score", Math.Round(bucket.Score, 1));
        json.WriteBoolean("suspect", bucket.IsSuspect);
        json.WriteString("state", bucket.State.Reason);
        json.WriteBoolean("stateInferred", bucket.State.Inferred);
        json.WriteString("pattern", bucket.Pattern.Id);
        if (bucket.Background is { } background)
            json.WriteString("background", background);
        json.WriteNumber("leaked", bucket.Leaked);
        json.WriteNumber("locked", bucket.LockedToThread);
        json.WriteNumber("minMinutes", bucket.Count == 0 ? 0 : bucket.MinMinutes);
        json.WriteNumber("maxMinutes", bucket.MaxMinutes);
        json.WriteString("package", PackageOf(bucket));
        json.WriteNumber("site", frames.IndexOf(bucket.BlockingSite.Frame));
        json.WriteNumber("createdBy", frames.IndexOf(bucket.CreatedBy));
        json.WriteNumber("idCount", bucket.Ids.Count);
        WriteNumbers(json, "exampleIds", bucket.ExampleIds);
        var parents = bucket.ParentIds;
        json.WriteNumber("parentCount", parents.Count);
        WriteNumbers(json, "parentIds", parents.Take(MaxParentIds));
        json.WriteStartArray("labels");
        foreach (var set in bucket.LabelSets)
        {
            json.WriteStartArray();
            json.WriteStringValue(string.Join(", ", set.Labels.Select(l => $"{l.Key}={l.Value}")));
            json.WriteNumberValue(set.Count);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        WriteNumbers(json, "stack", bucket.Stack.Frames.Select(f => (long)frames.IndexOf(f)));
        // The same frame can recur (recursion): the blocking one is the innermost occurrence.
        json.WriteNumber("siteInStack", bucket.BlockingSite.Frame is { } site ? IndexIn(bucket.Stack.Frames, site) : -1);
        json.WriteNumber("elidedFrames", bucket.Stack.ElidedFrames);
        if (bucket.Healthy is { } healthy)
            json.WriteString("healthy", healthy.Reason);
        WriteScoreTerms(json, bucket);
        if (bucket.Source is { } source)
        {
            json.WriteStartObject("source");
            json.WriteString("file", source.File);
            json.WriteNumber("line", source.Line);
            json.WriteStartArray("excerpt");
            foreach (var line in source.Excerpt)
            {
                json.WriteStartArray();
                json.WriteNumberValue(line.Number);
                json.WriteStringValue(line.Text);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>
    /// The score's terms as the text report's `score` line shows them — shape terms worth nothing left out — each as
    /// [contribution, name, reason, evidence or null, whether it is evidence from beyond the bucket].
    /// </summary>
    private static void WriteScoreTerms(Utf8JsonWriter json, Bucket bucket)
    {
        json.WriteStartArray("scoreTerms");
        foreach (var term in bucket.ScoreTerms)
        {
            if (!term.IsEvidence && term.Kind == ScoreTermKind.Points && Math.Round(term.Value, 1) == 0)
                continue;
            json.WriteStartArray();
            json.WriteStringValue(term.Contribution);
            json.WriteStringValue(term.Name);
            json.WriteStringValue(term.Reason);
            if (term.Evidence is { } evidence)
                json.WriteStringValue(evidence);
            else
                json.WriteNullValue();
            json.WriteBooleanValue(term.IsEvidence);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    private static int IndexIn(IReadOnlyList<Frame> frames, Frame frame)
    {
        for (var i = 0; i < frames.Count; i++)
            if (frames[i] == frame)
                return i;
        return -1;
    }

    private static void WriteNumbers(Utf8JsonWriter json, string name, IEnumerable<long> numbers)
    {
        json.WriteStartArray(name);
        foreach (var number in numbers)
            json.WriteNumberValue(number);
        json.WriteEndArray();
    }

    /// <summary>
    /// The tree as a flat list in depth-first order, each node naming its parent's position (-1 for a root):
    /// no recursion here or in the page, however deep the tree.
    /// </summary>
    private static void WriteTree(Utf8JsonWriter json, CreationTree tree, IReadOnlyList<Bucket> buckets)
    {
        var bucketIndex = new Dictionary<Bucket, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < buckets.Count; i++)
            bucketIndex[buckets[i]] = i;
        json.WriteStartArray("tree");
        var position = 0;
        var pending = new Stack<(CreationNode Node, int Parent)>(tree.Roots.Reverse().Select(r => (r, -1)));
        while (pending.TryPop(out var item))
        {
            var (node, parent) = item;
            json.WriteStartObject();
            json.WriteNumber("parent", parent);
            json.WriteNumber("weight", node.Weight);
            if (node.Bucket is { } bucket)
                json.WriteNumber("bucket", bucketIndex[bucket]);
            if (node.MissingCreator is { } creator)
            {
                json.WriteString("missingCreator", creator.Function);
                json.WriteNumber("candidateBuckets", creator.CandidateBuckets);
            }
            if (node.Inferred)
                json.WriteBoolean("inferred", true);
            if (node.Repeat)
                json.WriteBoolean("repeat", true);
            json.WriteEndObject();
            for (var i = node.Children.Count - 1; i >= 0; i--)
                pending.Push((node.Children[i], position));
            position++;
        }
        json.WriteEndArray();
    }

    /// <summary>
    /// Every frame the page shows, once: `[function, file, line, owner, inlined, shown path]`, owner as
    /// <see cref="CodeOwner"/>: 0 the main module, 1 standard library, 2 runtime, 3 another module.
    /// </summary>
    private sealed class FrameTable(HtmlSourcePaths paths)
    {
        private readonly Dictionary<Frame, int> _index = [];
        private readonly List<Frame> _frames = [];

        public int IndexOf(Frame? frame)
        {
            if (frame is null)
                return -1;
            if (!_index.TryGetValue(frame, out var index))
            {
                _index[frame] = index = _frames.Count;
                _frames.Add(frame);
            }
            return index;
        }

        public void Write(Utf8JsonWriter json)
        {
            json.WriteStartArray("frames");
            foreach (var frame in _frames)
            {
                json.WriteStartArray();
                json.WriteStringValue(frame.Function);
                json.WriteStringValue(frame.File);
                json.WriteNumberValue(frame.Line);
                json.WriteNumberValue((int)paths.OwnerOf(frame));
                json.WriteBooleanValue(frame.Inlined);
                json.WriteStringValue(paths.Display(frame));
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Goroscope.Reports.Html." + name)
            ?? throw new InvalidOperationException($"embedded resource Reports/Html/{name} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{(\w+)\}\}")]
    private static partial Regex Slot();
}
