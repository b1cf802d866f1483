namespace Goroscope.Cli;

/// <summary>Reports that write UTF-8 (JSON, XML) to a stream, sent to a text writer (stdout or a test's).</summary>
internal static class StreamOutput
{
    public static void WriteTo(TextWriter writer, Action<Stream> render)
    {
        using var buffer = new MemoryStream();
        render(buffer);
        writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
