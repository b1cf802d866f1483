using System.Text;

namespace Goroscope.GoSyntax.Tests;

public class ScannerTests
{
    private static List<(Token Token, string Literal)> Scan(string source, List<string>? errors = null)
    {
        var scanner = new Scanner(Encoding.UTF8.GetBytes(source), (offset, message) => errors?.Add($"{offset}: {message}"));
        var tokens = new List<(Token, string)>();
        while (scanner.Scan() != Token.EOF)
        {
            tokens.Add((scanner.Token, scanner.Literal));
        }
        return tokens;
    }

    private static (Token Token, string Literal) Single(string source)
    {
        var errors = new List<string>();
        var tokens = Scan(source, errors);
        Assert.Empty(errors);
        Assert.True(tokens.Count >= 1);
        return tokens[0];
    }

    private static string FirstError(string source)
    {
        var errors = new List<string>();
        Scan(source, errors);
        Assert.NotEmpty(errors);
        return errors[0];
    }

    [Theory]
    [InlineData("42")]
    [InlineData("4_2")]
    [InlineData("0600")]
    [InlineData("0_600")]
    [InlineData("0o600")]
    [InlineData("0O600")]
    [InlineData("0xBadFace")]
    [InlineData("0xBad_Face")]
    [InlineData("0x_67_7a_2f_cc_40_c6")]
    [InlineData("0b1011")]
    [InlineData("0B_1_0")]
    [InlineData("170141183460469231731687303715884105727")]
    public void IntegerLiteralsInEveryBase(string literal) => Assert.Equal((Token.Int, literal), Single(literal));

    [Theory]
    [InlineData("0.")]
    [InlineData("72.40")]
    [InlineData("072.40")]
    [InlineData("2.71828")]
    [InlineData("1.e+0")]
    [InlineData("6.67428e-11")]
    [InlineData("1E6")]
    [InlineData(".25")]
    [InlineData(".12345E+5")]
    [InlineData("1_5.")]
    [InlineData("0.15e+0_2")]
    [InlineData("0x1p-2")]
    [InlineData("0x2.p10")]
    [InlineData("0x1.Fp+0")]
    [InlineData("0X.8p-0")]
    [InlineData("0X_1FFFP-16")]
    public void FloatLiteralsIncludingHexFloats(string literal) => Assert.Equal((Token.Float, literal), Single(literal));

    [Theory]
    [InlineData("0i")]
    [InlineData("0123i")]
    [InlineData("0o123i")]
    [InlineData("0xabci")]
    [InlineData("0.i")]
    [InlineData("2.71828i")]
    [InlineData("1.e+0i")]
    [InlineData("6.67428e-11i")]
    [InlineData("1E6i")]
    [InlineData(".25i")]
    [InlineData("0x1p-2i")]
    public void ImaginaryLiterals(string literal) => Assert.Equal((Token.Imag, literal), Single(literal));

    [Theory]
    [InlineData("'a'")]
    [InlineData("'ä'")]
    [InlineData("'本'")]
    [InlineData(@"'\t'")]
    [InlineData(@"'\000'")]
    [InlineData(@"'\007'")]
    [InlineData(@"'\377'")]
    [InlineData(@"'\x07'")]
    [InlineData(@"'\xff'")]
    [InlineData(@"'\u12e4'")]
    [InlineData(@"'\U00101234'")]
    [InlineData(@"'\''")]
    [InlineData(@"'\\'")]
    public void RuneLiteralsAndEscapes(string literal) => Assert.Equal((Token.Char, literal), Single(literal));

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"Hello, world!\\n\"")]
    [InlineData("\"日本語\"")]
    [InlineData(@"""\u65e5本\U00008a9e""")]
    [InlineData(@"""\xff\u00FF""")]
    [InlineData(@"""\a\b\f\n\r\t\v\\\""""")]
    [InlineData("`abc`")]
    [InlineData("`\\n\n\\n`")]
    public void InterpretedAndRawStrings(string literal) => Assert.Equal((Token.String, literal), Single(literal));

    [Fact]
    public void RawStringsDropCarriageReturnsFromTheirValue() =>
        Assert.Equal((Token.String, "`a\nb`"), Single("`a\r\nb`"));

    [Theory]
    [InlineData("0x", "hexadecimal literal has no digits")]
    [InlineData("08", "invalid digit '8' in octal literal")]
    [InlineData("0b102", "invalid digit '2' in binary literal")]
    [InlineData("1__0", "'_' must separate successive digits")]
    [InlineData("0x1.0", "hexadecimal mantissa requires a 'p' exponent")]
    [InlineData("0b1.0", "invalid radix point in binary literal")]
    [InlineData("1e", "exponent has no digits")]
    [InlineData("0o1e3", "'e' exponent requires decimal mantissa")]
    [InlineData("1p3", "'p' exponent requires hexadecimal mantissa")]
    [InlineData("'ab'", "illegal rune literal")]
    [InlineData("''", "illegal rune literal")]
    [InlineData(@"'\z'", "unknown escape sequence")]
    [InlineData(@"'\400'", "escape sequence is invalid Unicode code point")]
    [InlineData(@"'\uD800'", "escape sequence is invalid Unicode code point")]
    [InlineData(@"""\xZZ""", "illegal character U+005A 'Z' in escape sequence")]
    [InlineData("\"abc", "string literal not terminated")]
    [InlineData("`abc", "raw string literal not terminated")]
    [InlineData("/* abc", "comment not terminated")]
    [InlineData("@", "illegal character U+0040 '@'")]
    [InlineData("“x”", "curly quotation mark '“' (use neutral '\"')")]
    public void MalformedLiteralsAreReportedLikeGoScanner(string source, string message) =>
        Assert.EndsWith(": " + message, FirstError(source));

    [Theory]
    [InlineData("x\n", true)]
    [InlineData("42\n", true)]
    [InlineData("1.5\n", true)]
    [InlineData("2i\n", true)]
    [InlineData("'c'\n", true)]
    [InlineData("\"s\"\n", true)]
    [InlineData("`s`\n", true)]
    [InlineData(")\n", true)]
    [InlineData("]\n", true)]
    [InlineData("}\n", true)]
    [InlineData("x++\n", true)]
    [InlineData("x--\n", true)]
    [InlineData("return\n", true)]
    [InlineData("break\n", true)]
    [InlineData("continue\n", true)]
    [InlineData("fallthrough\n", true)]
    [InlineData("+\n", false)]
    [InlineData("(\n", false)]
    [InlineData(",\n", false)]
    [InlineData("func\n", false)]
    [InlineData("if\n", false)]
    public void SemicolonIsInsertedAtNewlineOnlyAfterTheRightTokens(string source, bool inserted)
    {
        var tokens = Scan(source);
        Assert.Equal(inserted, tokens[^1] == (Token.Semicolon, "\n"));
    }

    [Fact]
    public void SemicolonIsInsertedAtEndOfFile() =>
        Assert.Equal([(Token.Ident, "x"), (Token.Semicolon, "\n")], Scan("x"));

    [Fact]
    public void LineCommentComesBeforeTheSemicolonItsNewlineInserts() =>
        Assert.Equal([(Token.Ident, "x"), (Token.Comment, "// c"), (Token.Semicolon, "\n")], Scan("x // c\n"));

    [Fact]
    public void GeneralCommentSpanningLinesInsertsASemicolonAtItsFirstNewline()
    {
        var scanner = new Scanner("x /* a\nb */ y"u8.ToArray());
        Assert.Equal(Token.Ident, scanner.Scan());
        Assert.Equal(Token.Comment, scanner.Scan());
        Assert.Equal(Token.Semicolon, scanner.Scan());
        Assert.Equal(6, scanner.Pos);
        Assert.True(scanner.IsNewlineSemicolon);
        Assert.Equal(Token.Ident, scanner.Scan());
    }

    [Fact]
    public void GeneralCommentOnOneLineKeepsTheLineGoing() =>
        Assert.Equal([(Token.Ident, "x"), (Token.Comment, "/* c */"), (Token.Ident, "y"), (Token.Semicolon, "\n")], Scan("x /* c */ y"));

    [Fact]
    public void EveryOperatorAndDelimiterIsOneToken()
    {
        var source = "+ - * / % & | ^ << >> &^ += -= *= /= %= &= |= ^= <<= >>= &^= && || <- ++ -- == < > = ! != <= >= := ... ( [ { , . ) ] } ; : ~";
        var tokens = Scan(source).Select(t => t.Token).ToList();
        Assert.Equal(Enumerable.Range((int)Token.Add, Token.Tilde - Token.Add + 1).Select(i => (Token)i), tokens);
    }

    [Fact]
    public void KeywordsAreRecognizedAndOtherWordsAreIdentifiers()
    {
        var source = string.Join(' ', Tokens.Keywords().Select(k => k.Text())) + " breaks _x αβ";
        var tokens = Scan(source);
        Assert.Equal(Tokens.Keywords(), tokens.Take(25).Select(t => t.Token));
        Assert.Equal([(Token.Ident, "breaks"), (Token.Ident, "_x"), (Token.Ident, "αβ")], tokens.Skip(25).Take(3));
    }

    [Fact]
    public void ByteOrderMarkAtTheStartIsSkipped() => Assert.Equal((Token.Package, ""), Single("\uFEFFpackage"));

    [Fact]
    public void ByteOrderMarkElsewhereIsAnError() => Assert.EndsWith("illegal byte order mark", FirstError("x \uFEFF"));

    [Fact]
    public void InvalidUtf8IsAnError()
    {
        var errors = new List<string>();
        var scanner = new Scanner([(byte)'"', 0xFF, (byte)'"'], (o, m) => errors.Add($"{o}: {m}"));
        scanner.Scan();
        Assert.Equal(["1: illegal UTF-8 encoding"], errors);
    }

    [Fact]
    public void Utf16FilesGetOneSpecificError()
    {
        var errors = new List<string>();
        var scanner = new Scanner(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("package p")).ToArray(), (o, m) => errors.Add(m));
        while (scanner.Scan() != Token.EOF)
        {
        }
        // go/scanner then skips the rest of the file, complaining once more about the replacement character.
        Assert.Equal(["illegal UTF-8 encoding (got UTF-16)", "illegal character U+FFFD '�'"], errors);
    }

    [Fact]
    public void NulCharacterIsAnError() => Assert.EndsWith("illegal character NUL", FirstError("\"a\0\""));

    [Fact]
    public void InvalidLineDirectiveNumberIsAnError() => Assert.EndsWith("invalid line number: 0", FirstError("//line x.go:0\n"));

    [Fact]
    public void TokenEndIsTheOffsetJustPastIt()
    {
        var scanner = new Scanner("abc <<= 1.5"u8.ToArray());
        Assert.Equal((Token.Ident, 0, 3), (scanner.Scan(), scanner.Pos, scanner.End));
        Assert.Equal((Token.ShlAssign, 4, 7), (scanner.Scan(), scanner.Pos, scanner.End));
        Assert.Equal((Token.Float, 8, 11), (scanner.Scan(), scanner.Pos, scanner.End));
    }
}
