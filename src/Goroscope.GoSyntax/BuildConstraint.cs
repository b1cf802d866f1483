using System.Globalization;
using System.Text;

namespace Goroscope.GoSyntax;

/// <summary>Reads the minimum Go version implied by a //go:build line, as go/build/constraint does.</summary>
public static class BuildConstraint
{
    private const int MaxSize = 1000; // go/build/constraint's limit on expression complexity

    private abstract record Expr;

    private sealed record Tag(string Name) : Expr;

    private sealed record Not(Expr X) : Expr;

    private sealed record And(Expr X, Expr Y) : Expr;

    private sealed record Or(Expr X, Expr Y) : Expr;

    /// <summary>"go1.N" (or "go1") for a valid //go:build line that requires it, otherwise "".</summary>
    public static string GoVersion(string line)
    {
        var expr = Parse(line);
        var v = expr is null ? -1 : MinVersion(expr, +1);
        return v < 0 ? "" : v == 0 ? "go1" : "go1." + v.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Whether the line is a well-formed //go:build constraint.</summary>
    public static bool IsValid(string line) => Parse(line) is not null;

    /// <summary>
    /// Whether a //go:build line is satisfied when exactly the tags <paramref name="hasTag"/> accepts are set;
    /// null when the line is not a well-formed constraint.
    /// </summary>
    public static bool? Evaluate(string line, Func<string, bool> hasTag)
    {
        ArgumentNullException.ThrowIfNull(hasTag);
        var expr = Parse(line);
        return expr is null ? null : Eval(expr, hasTag);
    }

    private static bool Eval(Expr z, Func<string, bool> hasTag) => z switch
    {
        And a => Eval(a.X, hasTag) && Eval(a.Y, hasTag),
        Or o => Eval(o.X, hasTag) || Eval(o.Y, hasTag),
        Not n => !Eval(n.X, hasTag),
        Tag t => hasTag(t.Name),
        _ => false,
    };

    private static Expr? Parse(string line)
    {
        if (line.EndsWith('\n'))
        {
            line = line[..^1];
        }
        if (line.Contains('\n', StringComparison.Ordinal) || !line.StartsWith("//go:build", StringComparison.Ordinal))
        {
            return null;
        }
        var rest = line.Trim()["//go:build".Length..];
        var text = rest.Trim();
        if (rest.Length == text.Length && rest.Length > 0)
        {
            return null; // "//go:buildx"
        }
        try
        {
            var parser = new ExprParser(text);
            var x = parser.ParseOr();
            return parser.Token.Length == 0 ? x : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static int MinVersion(Expr z, int sign) => z switch
    {
        And a => sign > 0 ? Math.Max(MinVersion(a.X, sign), MinVersion(a.Y, sign)) : Math.Min(MinVersion(a.X, sign), MinVersion(a.Y, sign)),
        Or o => sign > 0 ? Math.Min(MinVersion(o.X, sign), MinVersion(o.Y, sign)) : Math.Max(MinVersion(o.X, sign), MinVersion(o.Y, sign)),
        Not n => MinVersion(n.X, -sign),
        Tag t when sign > 0 => TagVersion(t.Name),
        _ => -1,
    };

    private static int TagVersion(string tag)
    {
        if (tag == "go1")
        {
            return 0;
        }
        var i = tag.IndexOf("go1.", StringComparison.Ordinal);
        return i >= 0 && int.TryParse(tag.AsSpan(i + 4), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : -1;
    }

    // Recursive descent over "||", "&&", "!", parentheses and tags; malformed input throws FormatException.
    private sealed class ExprParser(string s)
    {
        private int i;
        private int size;
        private bool isTag;

        public string Token { get; private set; } = "";

        public Expr ParseOr()
        {
            var x = ParseAnd();
            while (Token == "||")
            {
                x = new Or(x, ParseAnd());
            }
            return x;
        }

        private Expr ParseAnd()
        {
            var x = ParseNot();
            while (Token == "&&")
            {
                x = new And(x, ParseNot());
            }
            return x;
        }

        private Expr ParseNot()
        {
            if (++size > MaxSize)
            {
                throw new FormatException("build expression too large");
            }
            Lex();
            if (Token == "!")
            {
                Lex();
                if (Token == "!")
                {
                    throw new FormatException("double negation not allowed");
                }
                return new Not(ParseAtom());
            }
            return ParseAtom();
        }

        private Expr ParseAtom()
        {
            if (Token == "(")
            {
                var x = ParseOr();
                if (Token != ")")
                {
                    throw new FormatException("missing close paren");
                }
                Lex();
                return x;
            }
            if (!isTag)
            {
                throw new FormatException("unexpected token");
            }
            var tag = Token;
            Lex();
            return new Tag(tag);
        }

        private void Lex()
        {
            isTag = false;
            while (i < s.Length && s[i] is ' ' or '\t')
            {
                i++;
            }
            if (i >= s.Length)
            {
                Token = "";
                return;
            }
            switch (s[i])
            {
                case '(' or ')' or '!':
                    Token = s[i].ToString();
                    i++;
                    return;
                case '&' or '|':
                    if (i + 1 >= s.Length || s[i + 1] != s[i])
                    {
                        throw new FormatException("invalid syntax");
                    }
                    Token = s.Substring(i, 2);
                    i += 2;
                    return;
            }
            var start = i;
            while (i < s.Length)
            {
                var rune = Rune.GetRuneAt(s, i);
                if (!Rune.IsLetter(rune) && !Rune.IsDigit(rune) && rune.Value != '_' && rune.Value != '.')
                {
                    break;
                }
                i += rune.Utf16SequenceLength;
            }
            if (i == start)
            {
                throw new FormatException("invalid syntax");
            }
            Token = s[start..i];
            isTag = true;
        }
    }
}
