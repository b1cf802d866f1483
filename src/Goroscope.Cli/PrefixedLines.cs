using System.Text;

namespace Goroscope.Cli;

/// <summary>
/// A writer that starts every line with a prefix: for a library that writes its problems one per line (the Go
/// parser's `parse`), so they read `goroscope: …` like every other verb's.
/// </summary>
internal sealed class PrefixedLines(TextWriter inner, string prefix) : TextWriter
{
    private bool _atLineStart = true;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (_atLineStart)
            inner.Write(prefix);
        inner.Write(value);
        _atLineStart = value == '\n';
    }

    public override void Flush() => inner.Flush();
}
