using Goroscope.Traces;

namespace Goroscope.Tests.Traces;

/// <summary>Damaged traces end in a format error that says where, never in another exception or a hang.</summary>
public class TraceFuzzTests
{
    public static TheoryData<string> Fixtures() => ["go1.23/traceleak.trace", "go1.27/traceleak.trace"];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_truncation_reads_or_fails_with_a_format_error(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Paths.TestData, "traces", name));
        for (var length = 0; length < bytes.Length; length += 7)
            GoCorpusTests.ReadAll(bytes[..length]);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Truncated_trace_is_reported_as_truncated(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Paths.TestData, "traces", name));
        var error = GoCorpusTests.ReadAll(bytes[..(bytes.Length * 2 / 3)]);
        Assert.NotNull(error);
        Assert.True(error.Contains("truncated"), error);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Flipped_bytes_read_or_fail_with_a_format_error(string name)
    {
        var original = File.ReadAllBytes(Path.Combine(Paths.TestData, "traces", name));
        var random = new Random(20261123);
        for (var round = 0; round < 300; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
                bytes[random.Next(TraceHeader.Size, bytes.Length)] ^= (byte)random.Next(1, 256);
            GoCorpusTests.ReadAll(bytes);
        }
    }

    [Fact]
    public void Text_is_no_trace()
    {
        var error = GoCorpusTests.ReadAll("goroutine 1 [running]:\nmain.main()\n"u8.ToArray());
        Assert.Equal("not a Go execution trace: the file does not start with `go 1.N trace`", error);
    }

    [Fact]
    public void Unknown_version_is_named()
    {
        var error = GoCorpusTests.ReadAll("go 1.99 trace\0\0\0"u8.ToArray());
        Assert.StartsWith("unsupported trace version go 1.99", error);
    }
}
