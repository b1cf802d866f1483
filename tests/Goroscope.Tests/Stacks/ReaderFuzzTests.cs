using System.Text;
using Goroscope.Analysis;
using Goroscope.Stacks.Readers;

namespace Goroscope.Tests.Stacks;

/// <summary>
/// Fixed-seed mutations of real dumps (truncations, byte flips, CRLF, log prefixes) never crash a reader:
/// the result is snapshots, maybe with warnings, or a one-line <see cref="DumpReadException"/>.
/// </summary>
public class ReaderFuzzTests
{
    private const int Mutations = 60;

    public static TheoryData<string> Fixtures()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Paths.TestData, "dumps"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".txt", StringComparison.Ordinal) || f.EndsWith(".pb.gz", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Paths.TestData, f))
            .Order(StringComparer.Ordinal);
        return [.. files];
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Truncations_never_crash(string fixture)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Paths.TestData, fixture));
        var random = new Random(fixture.Length * 31 + 1);
        for (var i = 0; i < Mutations; i++)
            ReadsOrRefusesCleanly(bytes[..random.Next(bytes.Length)]);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_traceback_cut_mid_line_after_its_first_goroutine_is_never_read_silently(string fixture)
    {
        if (!fixture.EndsWith(".debug2.txt", StringComparison.Ordinal))
            return;
        var bytes = File.ReadAllBytes(Path.Combine(Paths.TestData, fixture));
        var firstGoroutineEnd = Encoding.UTF8.GetString(bytes).IndexOf("\n\n", StringComparison.Ordinal) + 2;
        var random = new Random(fixture.Length * 13 + 5);
        for (var i = 0; i < Mutations; i++)
        {
            var cut = random.Next(firstGoroutineEnd + 1, bytes.Length - 1);
            if (bytes[cut - 1] == (byte)'\n' || bytes[cut] == (byte)'\n')
                continue; // a cut at a line's end can look like a complete dump
            var snapshot = DumpReader.Read(new MemoryStream(bytes[..cut]))[^1];
            Assert.True(snapshot.Truncated && snapshot.Warnings.Count > 0, $"{fixture} cut at byte {cut} reads without a warning");
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Byte_flips_never_crash(string fixture)
    {
        var original = File.ReadAllBytes(Path.Combine(Paths.TestData, fixture));
        var random = new Random(fixture.Length * 17 + 3);
        for (var i = 0; i < Mutations; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            ReadsOrRefusesCleanly(bytes);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Crlf_and_log_prefixes_keep_the_goroutine_count(string fixture)
    {
        if (!fixture.EndsWith(".debug2.txt", StringComparison.Ordinal))
            return;
        var text = File.ReadAllText(Path.Combine(Paths.TestData, fixture));
        var expected = Dumps.ReadAll(text)[^1].GoroutineCount;
        Assert.Equal(expected, Dumps.ReadAll(text.ReplaceLineEndings("\r\n"))[^1].GoroutineCount);
        var prefixed = string.Join("\n", text.Split('\n').Select((line, i) => $"2026-11-23T10:{i / 60 % 60:00}:{i % 60:00}Z app[123]: {line}"));
        Assert.Equal(expected, Dumps.ReadAll(prefixed)[^1].GoroutineCount);
    }

    private static void ReadsOrRefusesCleanly(byte[] bytes)
    {
        try
        {
            foreach (var snapshot in DumpReader.Read(new MemoryStream(bytes)))
                Analyzer.Analyze(snapshot);
        }
        catch (DumpReadException e)
        {
            Assert.DoesNotContain('\n', e.Message);
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }
}
