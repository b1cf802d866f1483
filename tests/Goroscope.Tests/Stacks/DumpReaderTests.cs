using System.IO.Compression;
using System.Text;
using Goroscope.Stacks;
using Goroscope.Stacks.Readers;

namespace Goroscope.Tests.Stacks;

/// <summary>Format recognition from content, and one-line errors for everything that is not a dump.</summary>
public class DumpReaderTests
{
    private const string Traceback = "goroutine 1 [running]:\nmain.main()\n\t/a/main.go:9 +0x1d\n";

    private static string Refusal(byte[] input) =>
        Assert.Throws<DumpReadException>(() => DumpReader.Read(new MemoryStream(input))).Message;

    private static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(data);
        return output.ToArray();
    }

    [Fact]
    public void Empty_input_is_refused()
    {
        Assert.Equal("the input is empty", Refusal([]));
    }

    [Fact]
    public void White_space_only_is_refused()
    {
        Assert.Equal("the input holds only white space", Refusal("\n  \n\t"u8.ToArray()));
    }

    [Fact]
    public void Html_error_page_from_a_proxy_is_refused_naming_its_title()
    {
        var message = Refusal("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"u8.ToArray());
        Assert.StartsWith("the input is an HTML page", message);
        Assert.Contains("502 Bad Gateway", message);
    }

    [Fact]
    public void Binary_garbage_is_refused()
    {
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        garbage[0] = 0xff;
        Assert.Contains("binary data", Refusal(garbage));
    }

    [Fact]
    public void Truncated_gzip_is_refused_in_one_line()
    {
        var profile = File.ReadAllBytes(Paths.Dump("go1.27", "leakzoo.debug0.pb.gz"));
        var message = Refusal(profile[..(profile.Length / 2)]);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void Gzipped_text_dump_is_read()
    {
        var s = Assert.Single(DumpReader.Read(new MemoryStream(Gzip(Encoding.UTF8.GetBytes(Traceback)))));
        Assert.Equal(DumpFormat.Traceback, s.Format);
    }

    [Fact]
    public void Uncompressed_pprof_is_read()
    {
        using var gz = new GZipStream(File.OpenRead(Paths.Dump("go1.27", "leakzoo.debug0.pb.gz")), CompressionMode.Decompress);
        var raw = new MemoryStream();
        gz.CopyTo(raw);
        var s = Assert.Single(DumpReader.Read(new MemoryStream(raw.ToArray())));
        Assert.Equal(DumpFormat.Pprof, s.Format);
    }

    [Fact]
    public void Pprof_profile_of_another_kind_is_refused_naming_it()
    {
        // A heap-style profile: sample_type {type: "space", unit: "bytes"} and a string table.
        var profile = new Goroscope.Stacks.Pprof.Proto.Profile();
        profile.StringTable.Add("");
        profile.StringTable.Add("space");
        profile.StringTable.Add("bytes");
        profile.SampleType.Add(new Goroscope.Stacks.Pprof.Proto.ValueType { Type = 1, Unit = 2 });
        var bytes = Google.Protobuf.MessageExtensions.ToByteArray(profile);
        Assert.Contains("counts `space` samples", Refusal(Gzip(bytes)));
    }

    [Fact]
    public void Format_is_recognised_from_content_not_name()
    {
        Assert.Equal(DumpFormat.Debug1, DumpReader.Read(new MemoryStream("goroutine profile: total 1\n1 @ 0x1 0x2\n#\t0x1\tmain.main+0x1\t/a/main.go:3\n\n"u8.ToArray()))[0].Format);
        Assert.Equal(DumpFormat.Traceback, DumpReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Traceback)))[0].Format);
    }

    [Fact]
    public void Gzip_bomb_is_stopped_at_the_cap()
    {
        var zeros = Gzip(new byte[64 << 20]);
        var guarded = GuardedStream.Gunzip(new MemoryStream(zeros), 1 << 20);
        var e = Assert.Throws<DumpReadException>(() => guarded.CopyTo(Stream.Null));
        Assert.Contains("expands to more than 1 MiB;", e.Message);
    }
}
