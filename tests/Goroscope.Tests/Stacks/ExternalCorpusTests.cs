using Goroscope.Stacks.Readers;

namespace Goroscope.Tests.Stacks;

/// <summary>
/// Every dump of ../shared/corpus/external-dumps — recorded by other people, Go 1.2 to 1.26 — reads with the
/// goroutine count its MANIFEST.tsv gives (or one of the counts it also accepts). Corrupt and truncated
/// ones may instead fail with a one-line error.
/// </summary>
public class ExternalCorpusTests
{
    public static TheoryData<string> Files() => [.. Manifest().Select(e => e.File)];

    [Theory]
    [MemberData(nameof(Files))]
    public void Reads_with_the_manifest_goroutine_count(string file)
    {
        var entry = Manifest().Single(e => e.File == file);
        IReadOnlyList<Goroscope.Stacks.Snapshot> snapshots;
        try
        {
            using var stream = File.OpenRead(Path.Combine(Paths.ExternalDumps, file));
            snapshots = DumpReader.Read(stream);
        }
        catch (DumpReadException e) when (entry.MayFail)
        {
            Assert.DoesNotContain('\n', e.Message);
            return;
        }
        var all = snapshots.Sum(s => s.GoroutineCount);
        var last = snapshots[^1].GoroutineCount;
        Assert.True(entry.Accepted.Contains(all) || entry.Accepted.Contains(last),
            $"{file}: read {all} goroutines in {snapshots.Count} snapshot(s) (last {last}); manifest accepts {string.Join(" or ", entry.Accepted)}");
    }

    [Fact]
    public void The_corpus_is_there_and_complete()
    {
        var entries = Manifest();
        Assert.Equal(51, entries.Count);
        Assert.All(entries, e => Assert.True(File.Exists(Path.Combine(Paths.ExternalDumps, e.File)), e.File));
    }

    private sealed record Entry(string File, long[] Accepted, bool MayFail);

    private static List<Entry> Manifest()
    {
        var lines = File.ReadAllLines(Path.Combine(Paths.ExternalDumps, "MANIFEST.tsv"));
        var header = lines[0].Split('\t');
        int Col(string name) => Array.IndexOf(header, name);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(f =>
        {
            var accepted = new List<long> { long.Parse(f[Col("expected_goroutines")]) };
            accepted.AddRange(f[Col("accept_also")].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse));
            var flags = f[Col("flags")];
            return new Entry(f[Col("file")], [.. accepted], flags.Contains("truncated") || flags.Contains("corrupt"));
        }).ToList();
    }
}
