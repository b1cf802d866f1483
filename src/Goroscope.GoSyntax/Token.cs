namespace Goroscope.GoSyntax;

/// <summary>The lexical tokens of Go, in go/token order.</summary>
public enum Token : byte
{
    Illegal,
    EOF,
    Comment,

    // Literals
    Ident,
    Int,
    Float,
    Imag,
    Char,
    String,

    // Operators and delimiters
    Add, // +
    Sub, // -
    Mul, // *
    Quo, // /
    Rem, // %
    And, // &
    Or, // |
    Xor, // ^
    Shl, // <<
    Shr, // >>
    AndNot, // &^
    AddAssign,
    SubAssign,
    MulAssign,
    QuoAssign,
    RemAssign,
    AndAssign,
    OrAssign,
    XorAssign,
    ShlAssign,
    ShrAssign,
    AndNotAssign,
    LAnd, // &&
    LOr, // ||
    Arrow, // <-
    Inc, // ++
    Dec, // --
    Eql, // ==
    Lss, // <
    Gtr, // >
    Assign, // =
    Not, // !
    Neq, // !=
    Leq, // <=
    Geq, // >=
    Define, // :=
    Ellipsis, // ...
    LParen,
    LBrack,
    LBrace,
    Comma,
    Period,
    RParen,
    RBrack,
    RBrace,
    Semicolon,
    Colon,
    Tilde,

    // Keywords
    Break,
    Case,
    Chan,
    Const,
    Continue,
    Default,
    Defer,
    Else,
    Fallthrough,
    For,
    Func,
    Go,
    Goto,
    If,
    Import,
    Interface,
    Map,
    Package,
    Range,
    Return,
    Select,
    Struct,
    Switch,
    Type,
    Var,
}

public static class Tokens
{
    public const int LowestPrecedence = 0;

    private static readonly string[] Texts =
    [
        "ILLEGAL", "EOF", "COMMENT",
        "IDENT", "INT", "FLOAT", "IMAG", "CHAR", "STRING",
        "+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "&^",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "&^=",
        "&&", "||", "<-", "++", "--", "==", "<", ">", "=", "!", "!=", "<=", ">=", ":=", "...",
        "(", "[", "{", ",", ".", ")", "]", "}", ";", ":", "~",
        "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
        "for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
        "return", "select", "struct", "switch", "type", "var",
    ];

    /// <summary>The token's spelling as go/token prints it ("IDENT", "+", "func").</summary>
    public static string Text(this Token token) => Texts[(int)token];

    public static bool IsLiteral(this Token token) => token is >= Token.Ident and <= Token.String;

    public static bool IsOperator(this Token token) => token is >= Token.Add and <= Token.Tilde;

    public static bool IsKeyword(this Token token) => token >= Token.Break;

    /// <summary>Binary operator precedence (5 binds tightest); 0 for anything else.</summary>
    public static int Precedence(this Token token) => token switch
    {
        Token.LOr => 1,
        Token.LAnd => 2,
        Token.Eql or Token.Neq or Token.Lss or Token.Leq or Token.Gtr or Token.Geq => 3,
        Token.Add or Token.Sub or Token.Or or Token.Xor => 4,
        Token.Mul or Token.Quo or Token.Rem or Token.Shl or Token.Shr or Token.And or Token.AndNot => 5,
        _ => LowestPrecedence,
    };

    internal static IEnumerable<Token> Keywords()
    {
        for (var t = Token.Break; t <= Token.Var; t++)
        {
            yield return t;
        }
    }
}
