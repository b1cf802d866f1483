using System.Text;

namespace Goroscope.Cli.Tests;

public class TextWriterStreamTests
{
    [Fact]
    public void A_character_split_across_two_writes_arrives_whole()
    {
        var output = new StringWriter();
        using var stream = new TextWriterStream(output);
        var bytes = Encoding.UTF8.GetBytes("a → b");

        stream.Write(bytes, 0, 3);
        stream.Write(bytes, 3, bytes.Length - 3);

        Assert.Equal("a → b", output.ToString());
    }

    [Fact]
    public void Each_write_reaches_the_writer_before_the_next()
    {
        var output = new StringWriter();
        using var stream = new TextWriterStream(output);

        stream.Write("{\"a\":"u8);

        Assert.Equal("{\"a\":", output.ToString());
    }
}
