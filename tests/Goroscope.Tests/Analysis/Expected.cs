using Goroscope.Analysis;

namespace Goroscope.Tests.Analysis;

/// <summary>The rows of testdata/dumps/EXPECTED.tsv: what each recorded program leaks, per Go version.</summary>
internal static class Expected
{
    public static IReadOnlyList<Row> Rows(string program)
    {
        var lines = File.ReadAllLines(Path.Combine(Paths.TestData, "dumps", "EXPECTED.tsv"));
        var header = lines[0].Split('\t');
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => new Row(header, l.Split('\t'))).Where(r => r.Program == program)];
    }

    public sealed class Row(string[] header, string[] fields)
    {
        public string Column(string name) => fields[Array.IndexOf(header, name)];

        public string Program => Column("program");
        public string Pattern => Column("pattern");
        public string Variant => Column("variant");
        public long Count => long.Parse(Column("count"));

        /// <summary>The bucket's blocking site is this row's function at this row's file:line (`*`: any line), for that Go version.</summary>
        public bool IsBlockedAt(string version, Bucket bucket) =>
            bucket.BlockingSite.Frame is { } site
            && site.Function == Column($"func_{version}")
            && (Column($"loc_{version}") == "*" || $"{Path.GetFileName(site.File)}:{site.Line}" == Column($"loc_{version}"));

        /// <summary>The one bucket blocked where this row says; fails naming the row otherwise.</summary>
        public Bucket SingleBucket(string version, AnalysisResult result)
        {
            var matches = result.Buckets.Where(b => IsBlockedAt(version, b)).ToList();
            Assert.True(matches.Count == 1,
                $"{Pattern}/{Variant}: {matches.Count} buckets blocked at {Column($"func_{version}")} {Column($"loc_{version}")}; sites: "
                + string.Join("; ", result.Buckets.Select(b => b.BlockingSite.Frame?.ToString())));
            return matches[0];
        }

        /// <summary>The catalog pattern the row stands for in this format (debug=1 cannot tell channel waits from selects).</summary>
        public string? CatalogPattern(string version, string format)
        {
            // pprof tells a nil channel by how far into runtime.chansend/chanrecv the goroutine parked, which needs
            // the functions' start lines: Go 1.19's profiles have none.
            if (version == "go1.19" && format == "debug0.pb.gz" && Pattern == "nil-chan")
                return Variant == "send" ? "chan-send" : "chan-receive";
            var pattern = Pattern switch
            {
                "rwmutex" => "mutex",
                "healthy" or "busy" or "self" => null,
                _ => Pattern,
            };
            if (format == "debug1.txt" && pattern is "chan-send" or "chan-receive" or "select" or "select-forever" or "nil-chan")
                return "chan-or-select";
            return pattern;
        }
    }
}
