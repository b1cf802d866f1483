namespace Goroscope.Reports;

/// <summary>
/// One GitHub Actions workflow command (`::error file=a.go,line=3,title=…::message`), the only place the escaping
/// lives: written as the runner unescapes it (actions/toolkit command.ts), where a message escapes %, CR and LF
/// and a property value also ':' (which would end the properties) and ',' (which would start the next one).
/// </summary>
/// <param name="Level">error, warning or notice.</param>
public sealed record GitHubAnnotation(string Level, string Message)
{
    public string? File { get; init; }

    /// <summary>1-based; 0 leaves the property out, as do the other positions.</summary>
    public int Line { get; init; }

    public int Column { get; init; }
    public int EndLine { get; init; }
    public int EndColumn { get; init; }
    public string? Title { get; init; }

    public void WriteTo(TextWriter output) => output.WriteLine(ToString());

    public override string ToString()
    {
        var properties = new List<string>();
        if (File is { Length: > 0 })
            properties.Add($"file={EscapeProperty(File)}");
        void Position(string name, int value)
        {
            if (value > 0)
                properties.Add($"{name}={value}");
        }
        Position("line", Line);
        Position("col", Column);
        Position("endLine", EndLine);
        Position("endColumn", EndColumn);
        if (Title is not null)
            properties.Add($"title={EscapeProperty(Title)}");
        return $"::{Level}{(properties.Count > 0 ? " " + string.Join(',', properties) : "")}::{EscapeData(Message)}";
    }

    internal static string EscapeData(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    internal static string EscapeProperty(string text) =>
        EscapeData(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
