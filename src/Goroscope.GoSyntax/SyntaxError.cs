namespace Goroscope.GoSyntax;

/// <summary>A syntax error: where it is and what go/parser would say about it.</summary>
public sealed record SyntaxError(Position Position, string Message) : IComparable<SyntaxError>
{
    public int CompareTo(SyntaxError? other)
    {
        if (other is null)
        {
            return 1;
        }
        var c = string.CompareOrdinal(Position.Filename, other.Position.Filename);
        if (c == 0)
        {
            c = Position.Line.CompareTo(other.Position.Line);
        }
        if (c == 0)
        {
            c = Position.Column.CompareTo(other.Position.Column);
        }
        return c != 0 ? c : string.CompareOrdinal(Message, other.Message);
    }

    public override string ToString() => $"{Position}: {Message}";
}
