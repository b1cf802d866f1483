using System.Globalization;
using System.Text;

namespace Goroscope.GoSyntax;

/// <summary>
/// Tokenizes Go source held as UTF-8 bytes, following go/scanner: automatic semicolons,
/// comments as tokens, the same diagnostics. Offsets are byte offsets.
/// </summary>
public sealed class Scanner
{
    private const int Eof = -1;
    private const int Bom = 0xFEFF;

    private readonly byte[] src;
    private readonly Action<int, string>? onError;
    private readonly IdentifierTable identifiers;
    private readonly bool insertSemicolons;

    private int ch = ' ';
    private int offset;
    private int rdOffset;
    private bool insertSemi;
    private int pendingNewline = FileText.NoPos; // artificial ';' owed after a /*...*/ comment containing a newline

    /// <param name="onError">Receives (offset, message) for each lexical error.</param>
    /// <param name="insertSemicolons">False turns off automatic semicolons (for testing).</param>
    public Scanner(byte[] source, Action<int, string>? onError = null, bool insertSemicolons = true)
    {
        ArgumentNullException.ThrowIfNull(source);
        src = source;
        this.onError = onError;
        identifiers = IdentifierTable.ForCurrentThread();
        this.insertSemicolons = insertSemicolons;
        Next();
        if (ch == Bom)
        {
            Next();
        }
    }

    /// <summary>Offset of the last token.</summary>
    public int Pos { get; private set; }

    /// <summary>Offset just past the last token (Pos + 1 for an artificial semicolon).</summary>
    public int End { get; private set; }

    /// <summary>The last token.</summary>
    public Token Token { get; private set; }

    /// <summary>The name of the last token when it is an identifier.</summary>
    public string? Name { get; private set; }

    /// <summary>True when the last token is a semicolon inserted at a newline or at EOF.</summary>
    public bool IsNewlineSemicolon { get; private set; }

    public int ErrorCount { get; private set; }

    /// <summary>Receives each well-formed //line or /*line*/ directive.</summary>
    internal Action<LineDirective>? LineDirectiveFound { get; set; }

    /// <summary>The literal text of the last token as go/scanner returns it (carriage returns stripped from raw strings and comments).</summary>
    public string Literal => LiteralOf(src, Token, Pos, End, Name, IsNewlineSemicolon);

    internal static string LiteralOf(byte[] src, Token token, int pos, int end, string? name, bool newlineSemicolon)
    {
        switch (token)
        {
            case Token.Ident:
                return name!;
            case Token.Semicolon:
                return newlineSemicolon ? "\n" : ";";
            case Token.Comment:
                return StripCR(src.AsSpan(pos, end - pos), comment: src[pos + 1] == '*');
            case Token.String when src[pos] == '`':
                return StripCR(src.AsSpan(pos, end - pos), comment: false);
            case Token.Int or Token.Float or Token.Imag or Token.Char or Token.String:
                return Encoding.UTF8.GetString(src, pos, end - pos);
            case Token.Illegal:
                return Encoding.UTF8.GetString(src, pos, end - pos);
            default:
                return "";
        }
    }

    private static string StripCR(ReadOnlySpan<byte> text, bool comment)
    {
        if (!comment && text.Length > 0 && text[0] == '/' && text[^1] == '\r')
        {
            text = text[..^1];
        }
        if (text.IndexOf((byte)'\r') < 0)
        {
            return Encoding.UTF8.GetString(text);
        }
        var kept = new byte[text.Length];
        var n = 0;
        for (var j = 0; j < text.Length; j++)
        {
            var b = text[j];
            if (b != '\r' || comment && n > 2 && kept[n - 1] == '*' && j + 1 < text.Length && text[j + 1] == '/')
            {
                kept[n++] = b;
            }
        }
        return Encoding.UTF8.GetString(kept, 0, n);
    }

    /// <summary>Scans the next token and returns it; position and literal are in the properties.</summary>
    public Token Scan()
    {
        Name = null;
        IsNewlineSemicolon = false;
        if (pendingNewline >= 0)
        {
            Pos = pendingNewline;
            End = pendingNewline + 1;
            pendingNewline = FileText.NoPos;
            IsNewlineSemicolon = true;
            return Token = Token.Semicolon;
        }

        while (ch == ' ' || ch == '\t' || ch == '\n' && !insertSemi || ch == '\r')
        {
            Next();
        }

        Pos = offset;
        var insert = false;
        var c = ch;
        Token tok;
        if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_' || c >= 0x80 && IsUnicodeLetter(c))
        {
            tok = ScanIdentifier();
            insert = tok is Token.Ident or Token.Break or Token.Continue or Token.Fallthrough or Token.Return;
        }
        else if (c is >= '0' and <= '9' || c == '.' && Peek() is >= (byte)'0' and <= (byte)'9')
        {
            insert = true;
            tok = ScanNumber();
        }
        else
        {
            Next();
            switch (c)
            {
                case Eof:
                    if (insertSemi)
                    {
                        insertSemi = false;
                        IsNewlineSemicolon = true;
                        End = offset;
                        return Token = Token.Semicolon;
                    }
                    tok = Token.EOF;
                    break;
                case '\n':
                    insertSemi = false;
                    IsNewlineSemicolon = true;
                    End = offset;
                    return Token = Token.Semicolon;
                case '"':
                    insert = true;
                    tok = Token.String;
                    ScanString();
                    break;
                case '\'':
                    insert = true;
                    tok = Token.Char;
                    ScanRune();
                    break;
                case '`':
                    insert = true;
                    tok = Token.String;
                    ScanRawString();
                    break;
                case ':':
                    tok = Switch2(Token.Colon, Token.Define);
                    break;
                case '.':
                    tok = Token.Period;
                    if (ch == '.' && Peek() == '.')
                    {
                        Next();
                        Next();
                        tok = Token.Ellipsis;
                    }
                    break;
                case ',':
                    tok = Token.Comma;
                    break;
                case ';':
                    tok = Token.Semicolon;
                    break;
                case '(':
                    tok = Token.LParen;
                    break;
                case ')':
                    insert = true;
                    tok = Token.RParen;
                    break;
                case '[':
                    tok = Token.LBrack;
                    break;
                case ']':
                    insert = true;
                    tok = Token.RBrack;
                    break;
                case '{':
                    tok = Token.LBrace;
                    break;
                case '}':
                    insert = true;
                    tok = Token.RBrace;
                    break;
                case '+':
                    tok = Switch3(Token.Add, Token.AddAssign, '+', Token.Inc);
                    insert = tok == Token.Inc;
                    break;
                case '-':
                    tok = Switch3(Token.Sub, Token.SubAssign, '-', Token.Dec);
                    insert = tok == Token.Dec;
                    break;
                case '*':
                    tok = Switch2(Token.Mul, Token.MulAssign);
                    break;
                case '/':
                    if (ch == '/' || ch == '*')
                    {
                        var newlineOffset = ScanComment();
                        if (insertSemi && newlineOffset > 0)
                        {
                            pendingNewline = newlineOffset;
                            insertSemi = false;
                        }
                        else
                        {
                            insert = insertSemi;
                        }
                        tok = Token.Comment;
                    }
                    else
                    {
                        tok = Switch2(Token.Quo, Token.QuoAssign);
                    }
                    break;
                case '%':
                    tok = Switch2(Token.Rem, Token.RemAssign);
                    break;
                case '^':
                    tok = Switch2(Token.Xor, Token.XorAssign);
                    break;
                case '<':
                    if (ch == '-')
                    {
                        Next();
                        tok = Token.Arrow;
                    }
                    else
                    {
                        tok = Switch4(Token.Lss, Token.Leq, '<', Token.Shl, Token.ShlAssign);
                    }
                    break;
                case '>':
                    tok = Switch4(Token.Gtr, Token.Geq, '>', Token.Shr, Token.ShrAssign);
                    break;
                case '=':
                    tok = Switch2(Token.Assign, Token.Eql);
                    break;
                case '!':
                    tok = Switch2(Token.Not, Token.Neq);
                    break;
                case '&':
                    if (ch == '^')
                    {
                        Next();
                        tok = Switch2(Token.AndNot, Token.AndNotAssign);
                    }
                    else
                    {
                        tok = Switch3(Token.And, Token.AndAssign, '&', Token.LAnd);
                    }
                    break;
                case '|':
                    tok = Switch3(Token.Or, Token.OrAssign, '|', Token.LOr);
                    break;
                case '~':
                    tok = Token.Tilde;
                    break;
                default:
                    if (c != Bom)
                    {
                        Error(Pos, c is 0x201C or 0x201D
                            ? $"curly quotation mark {QuoteRune(c)} (use neutral '\"')"
                            : $"illegal character {FormatRuneSharpU(c)}");
                    }
                    insert = insertSemi;
                    tok = Token.Illegal;
                    break;
            }
        }
        if (insertSemicolons)
        {
            insertSemi = insert;
        }
        End = offset;
        return Token = tok;
    }

    private void Error(int at, string message)
    {
        ErrorCount++;
        onError?.Invoke(at, message);
    }

    private byte Peek() => rdOffset < src.Length ? src[rdOffset] : (byte)0;

    // Reads the next Unicode character into ch; ch is Eof at the end.
    private void Next()
    {
        if (rdOffset >= src.Length)
        {
            offset = src.Length;
            ch = Eof;
            return;
        }
        offset = rdOffset;
        int r = src[rdOffset];
        var width = 1;
        if (r == 0)
        {
            Error(offset, "illegal character NUL");
        }
        else if (r >= 0x80)
        {
            (r, width) = DecodeRune(offset);
        }
        rdOffset += width;
        ch = r;
    }

    private (int Rune, int Width) DecodeRune(int at)
    {
        var status = Rune.DecodeFromUtf8(src.AsSpan(at), out var rune, out var width);
        if (status == System.Buffers.OperationStatus.Done)
        {
            if (rune.Value == Bom && at > 0)
            {
                Error(at, "illegal byte order mark");
            }
            return (rune.Value, width);
        }
        if (at == 0 && src.Length >= 2 && (src[0] == 0xFF && src[1] == 0xFE || src[0] == 0xFE && src[1] == 0xFF))
        {
            // A UTF-16 byte order mark: say so once and skip the rest of the file.
            Error(at, "illegal UTF-8 encoding (got UTF-16)");
            return (0xFFFD, src.Length);
        }
        Error(at, "illegal UTF-8 encoding");
        return (0xFFFD, 1);
    }

    private static bool IsUnicodeLetter(int c) =>
        c >= 0x80 && Rune.IsValid(c) && Rune.IsLetter(new Rune(c));

    private static bool IsUnicodeDigit(int c) =>
        c >= 0x80 && Rune.IsValid(c) && Rune.IsDigit(new Rune(c));

    private Token ScanIdentifier()
    {
        var start = offset;
        var i = rdOffset;
        while (i < src.Length)
        {
            var b = src[i];
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or (byte)'_' or >= (byte)'0' and <= (byte)'9')
            {
                i++;
                continue;
            }
            if (b is > 0 and < 0x80)
            {
                // Fast path: the identifier ended on an ASCII character.
                offset = i;
                rdOffset = i + 1;
                ch = b;
                return Intern(start, i);
            }
            rdOffset = i;
            Next();
            while (ch is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_' or >= '0' and <= '9' || IsUnicodeLetter(ch) || IsUnicodeDigit(ch))
            {
                Next();
            }
            return Intern(start, offset);
        }
        offset = src.Length;
        rdOffset = src.Length;
        ch = Eof;
        return Intern(start, offset);
    }

    private Token Intern(int start, int end)
    {
        var (name, token) = identifiers.Lookup(src.AsSpan(start, end - start));
        if (token == Token.Ident)
        {
            Name = name;
        }
        return token;
    }

    // Returns the offset of the first newline inside a /*...*/ comment, or 0.
    private int ScanComment()
    {
        var start = offset - 1; // the initial '/'
        var next = -1; // offset just past a well-formed comment
        var newlineOffset = 0;

        if (ch == '/')
        {
            Next();
            var rest = src.AsSpan(offset);
            var lineEnd = rest.IndexOf((byte)'\n');
            var body = lineEnd < 0 ? rest : rest[..lineEnd];
            if (ch != Eof && ch != '\n' && body.IndexOfAnyExceptInRange((byte)1, (byte)0x7F) < 0)
            {
                JumpTo(offset + body.Length);
            }
            while (ch != '\n' && ch >= 0)
            {
                Next();
            }
            next = ch == '\n' ? offset + 1 : offset;
        }
        else
        {
            Next();
            var rest = src.AsSpan(offset);
            var close = rest.IndexOf("*/"u8);
            if (close >= 0 && rest[..close].IndexOfAnyExceptInRange((byte)1, (byte)0x7F) < 0)
            {
                var nl = rest[..close].IndexOf((byte)'\n');
                if (nl >= 0)
                {
                    newlineOffset = offset + nl;
                }
                JumpTo(offset + close + 2);
                next = offset;
            }
            else
            {
                while (ch >= 0)
                {
                    var c = ch;
                    if (c == '\n' && newlineOffset == 0)
                    {
                        newlineOffset = offset;
                    }
                    Next();
                    if (c == '*' && ch == '/')
                    {
                        Next();
                        next = offset;
                        break;
                    }
                }
                if (next < 0)
                {
                    Error(start, "comment not terminated");
                }
            }
        }

        if (next >= 0 && (src[start + 1] == '*' || start == 0 || src[start - 1] == '\n') && src.AsSpan(start + 2).StartsWith("line "u8))
        {
            CheckLineDirective(start, offset, next);
        }
        return newlineOffset;
    }

    // Moves to target, where the byte before is known to be plain ASCII.
    private void JumpTo(int target)
    {
        rdOffset = target;
        Next();
    }

    // go/scanner validates the numbers of //line directives; positions are not remapped here.
    private void CheckLineDirective(int start, int end, int next)
    {
        var text = src.AsSpan(start, end - start);
        if (text[1] == '/' && text[^1] == '\r')
        {
            text = text[..^1];
        }
        if (text[1] == '*')
        {
            text = text[..^2];
        }
        text = text[7..];
        var offs = start + 7;

        var (i, n, ok) = TrailingDigits(text);
        if (i == 0)
        {
            return;
        }
        if (!ok)
        {
            Error(offs + i, "invalid line number: " + Encoding.UTF8.GetString(text[i..]));
            return;
        }
        const long maxLineCol = 1 << 30;
        var (i2, n2, ok2) = TrailingDigits(text[..(i - 1)]);
        long line;
        if (ok2)
        {
            (i, i2) = (i2, i);
            line = n2;
            var col = n;
            if (col == 0 || col > maxLineCol)
            {
                Error(offs + i2, "invalid column number: " + Encoding.UTF8.GetString(text[i2..]));
                return;
            }
        }
        else
        {
            line = n;
        }
        if (line == 0 || line > maxLineCol)
        {
            Error(offs + i, "invalid line number: " + Encoding.UTF8.GetString(text[i..]));
            return;
        }
        var filename = Encoding.UTF8.GetString(text[..(i - 1)]);
        LineDirectiveFound?.Invoke(new LineDirective(next, offs, filename, ok2, (int)line, ok2 ? (int)n : 0));
    }

    /// <param name="Next">Offset just past the directive, where the new numbering starts.</param>
    /// <param name="Offset">Offset of the directive's text after "//line ".</param>
    internal readonly record struct LineDirective(int Next, int Offset, string Filename, bool HasColumn, int Line, int Column);

    private static (int Index, long Value, bool Ok) TrailingDigits(ReadOnlySpan<byte> text)
    {
        var i = text.LastIndexOf((byte)':');
        if (i < 0)
        {
            return (0, 0, false);
        }
        var digits = text[(i + 1)..];
        var ok = digits.Length > 0 && ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        long value = 0;
        if (ok)
        {
            value = ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v <= long.MaxValue ? (long)v : long.MaxValue;
        }
        return (i + 1, value, ok);
    }

    private static int Lower(int c) => ('a' - 'A') | c;

    private static bool IsDecimal(int c) => c is >= '0' and <= '9';

    private static bool IsHex(int c) => c is >= '0' and <= '9' || Lower(c) is >= 'a' and <= 'f';

    // Returns bit 0 set when a digit was seen and bit 1 when a '_' was.
    private int Digits(int numberBase, ref int invalid)
    {
        var digsep = 0;
        if (numberBase <= 10)
        {
            var max = '0' + numberBase;
            while (IsDecimal(ch) || ch == '_')
            {
                var ds = 1;
                if (ch == '_')
                {
                    ds = 2;
                }
                else if (ch >= max && invalid < 0)
                {
                    invalid = offset;
                }
                digsep |= ds;
                Next();
            }
        }
        else
        {
            while (IsHex(ch) || ch == '_')
            {
                digsep |= ch == '_' ? 2 : 1;
                Next();
            }
        }
        return digsep;
    }

    private Token ScanNumber()
    {
        var start = offset;
        var tok = Token.Illegal;
        var numberBase = 10;
        var prefix = 0; // 0 (decimal), '0' (0-octal), 'x', 'o' or 'b'
        var digsep = 0;
        var invalid = -1;

        if (ch != '.')
        {
            tok = Token.Int;
            if (ch == '0')
            {
                Next();
                switch (Lower(ch))
                {
                    case 'x':
                        Next();
                        (numberBase, prefix) = (16, 'x');
                        break;
                    case 'o':
                        Next();
                        (numberBase, prefix) = (8, 'o');
                        break;
                    case 'b':
                        Next();
                        (numberBase, prefix) = (2, 'b');
                        break;
                    default:
                        (numberBase, prefix) = (8, '0');
                        digsep = 1; // the leading 0
                        break;
                }
            }
            digsep |= Digits(numberBase, ref invalid);
        }

        if (ch == '.')
        {
            tok = Token.Float;
            if (prefix is 'o' or 'b')
            {
                Error(offset, "invalid radix point in " + LiteralName(prefix));
            }
            Next();
            digsep |= Digits(numberBase, ref invalid);
        }

        if ((digsep & 1) == 0)
        {
            Error(offset, LiteralName(prefix) + " has no digits");
        }

        var e = Lower(ch);
        if (e is 'e' or 'p')
        {
            if (e == 'e' && prefix != 0 && prefix != '0')
            {
                Error(offset, $"{QuoteRune(ch)} exponent requires decimal mantissa");
            }
            else if (e == 'p' && prefix != 'x')
            {
                Error(offset, $"{QuoteRune(ch)} exponent requires hexadecimal mantissa");
            }
            Next();
            tok = Token.Float;
            if (ch is '+' or '-')
            {
                Next();
            }
            var none = -1;
            var ds = Digits(10, ref none);
            digsep |= ds;
            if ((ds & 1) == 0)
            {
                Error(offset, "exponent has no digits");
            }
        }
        else if (prefix == 'x' && tok == Token.Float)
        {
            Error(offset, "hexadecimal mantissa requires a 'p' exponent");
        }

        if (ch == 'i')
        {
            tok = Token.Imag;
            Next();
        }

        var literal = src.AsSpan(start, offset - start);
        if (tok == Token.Int && invalid >= 0)
        {
            Error(invalid, $"invalid digit {QuoteRune(src[invalid])} in {LiteralName(prefix)}");
        }
        if ((digsep & 2) != 0)
        {
            var i = InvalidSeparator(literal);
            if (i >= 0)
            {
                Error(start + i, "'_' must separate successive digits");
            }
        }
        return tok;
    }

    private static string LiteralName(int prefix) => prefix switch
    {
        'x' => "hexadecimal literal",
        'o' or '0' => "octal literal",
        'b' => "binary literal",
        _ => "decimal literal",
    };

    // Returns the index of the first '_' that does not separate digits, or -1.
    private static int InvalidSeparator(ReadOnlySpan<byte> x)
    {
        var x1 = (int)' ';
        var d = (int)'.'; // '_', '0' (a digit) or '.' (anything else)
        var i = 0;
        if (x.Length >= 2 && x[0] == '0')
        {
            x1 = Lower(x[1]);
            if (x1 is 'x' or 'o' or 'b')
            {
                d = '0';
                i = 2;
            }
        }
        for (; i < x.Length; i++)
        {
            var p = d;
            d = x[i];
            if (d == '_')
            {
                if (p != '0')
                {
                    return i;
                }
            }
            else if (IsDecimal(d) || x1 == 'x' && IsHex(d))
            {
                d = '0';
            }
            else
            {
                if (p == '_')
                {
                    return i - 1;
                }
                d = '.';
            }
        }
        return d == '_' ? x.Length - 1 : -1;
    }

    private static int DigitValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        _ when Lower(c) is >= 'a' and <= 'f' => Lower(c) - 'a' + 10,
        _ => 16,
    };

    private bool ScanEscape(int quote)
    {
        var start = offset;
        int n;
        uint numberBase, max;
        switch (ch)
        {
            case 'a' or 'b' or 'f' or 'n' or 'r' or 't' or 'v' or '\\':
                Next();
                return true;
            case >= '0' and <= '7':
                (n, numberBase, max) = (3, 8, 255);
                break;
            case 'x':
                Next();
                (n, numberBase, max) = (2, 16, 255);
                break;
            case 'u':
                Next();
                (n, numberBase, max) = (4, 16, 0x10FFFF);
                break;
            case 'U':
                Next();
                (n, numberBase, max) = (8, 16, 0x10FFFF);
                break;
            default:
                if (ch == quote)
                {
                    Next();
                    return true;
                }
                Error(start, ch < 0 ? "escape sequence not terminated" : "unknown escape sequence");
                return false;
        }

        uint x = 0;
        for (; n > 0; n--)
        {
            var d = (uint)DigitValue(ch);
            if (d >= numberBase)
            {
                Error(offset, ch < 0 ? "escape sequence not terminated" : $"illegal character {FormatRuneSharpU(ch)} in escape sequence");
                return false;
            }
            x = x * numberBase + d;
            Next();
        }
        if (x > max || x is >= 0xD800 and < 0xE000)
        {
            Error(start, "escape sequence is invalid Unicode code point");
            return false;
        }
        return true;
    }

    private void ScanRune()
    {
        var start = offset - 1;
        var valid = true;
        var n = 0;
        while (true)
        {
            var c = ch;
            if (c == '\n' || c < 0)
            {
                if (valid)
                {
                    Error(start, "rune literal not terminated");
                    valid = false;
                }
                break;
            }
            Next();
            if (c == '\'')
            {
                break;
            }
            n++;
            if (c == '\\' && !ScanEscape('\''))
            {
                valid = false;
            }
        }
        if (valid && n != 1)
        {
            Error(start, "illegal rune literal");
        }
    }

    private void ScanString()
    {
        var start = offset - 1;
        while (true)
        {
            var c = ch;
            if (c == '\n' || c < 0)
            {
                Error(start, "string literal not terminated");
                break;
            }
            Next();
            if (c == '"')
            {
                break;
            }
            if (c == '\\')
            {
                ScanEscape('"');
            }
        }
    }

    private void ScanRawString()
    {
        var start = offset - 1;
        while (true)
        {
            var c = ch;
            if (c < 0)
            {
                Error(start, "raw string literal not terminated");
                break;
            }
            Next();
            if (c == '`')
            {
                break;
            }
        }
    }

    private Token Switch2(Token tok0, Token tok1)
    {
        if (ch == '=')
        {
            Next();
            return tok1;
        }
        return tok0;
    }

    private Token Switch3(Token tok0, Token tok1, char ch2, Token tok2)
    {
        if (ch == '=')
        {
            Next();
            return tok1;
        }
        if (ch == ch2)
        {
            Next();
            return tok2;
        }
        return tok0;
    }

    private Token Switch4(Token tok0, Token tok1, char ch2, Token tok2, Token tok3)
    {
        if (ch == '=')
        {
            Next();
            return tok1;
        }
        if (ch == ch2)
        {
            Next();
            if (ch == '=')
            {
                Next();
                return tok3;
            }
            return tok2;
        }
        return tok0;
    }

    // Go's %q for a rune: 'x', or an escape for non-printable characters.
    internal static string QuoteRune(int c) => c switch
    {
        '\'' => @"'\''",
        '\\' => @"'\\'",
        '\n' => @"'\n'",
        '\t' => @"'\t'",
        '\r' => @"'\r'",
        _ when IsPrintable(c) => "'" + char.ConvertFromUtf32(c) + "'",
        < 0x80 => $"'\\x{c:x2}'",
        <= 0xFFFF => $"'\\u{c:x4}'",
        _ => $"'\\U{c:x8}'",
    };

    // Go's %#U: U+0040 '@'.
    internal static string FormatRuneSharpU(int c) =>
        IsPrintable(c) ? $"U+{c:X4} '{char.ConvertFromUtf32(c)}'" : $"U+{c:X4}";

    private static bool IsPrintable(int c)
    {
        if (c < 0x20 || c == 0x7F || !Rune.IsValid(c))
        {
            return false;
        }
        var category = Rune.GetUnicodeCategory(new Rune(c));
        return category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator) && (category != UnicodeCategory.SpaceSeparator || c == ' ');
    }
}
