using System.Runtime.CompilerServices;

namespace Goroscope.GoSyntax;

[Flags]
public enum ParseMode
{
    None = 0,

    /// <summary>Report every error instead of one per line and at most ten (go/parser's AllErrors).</summary>
    AllErrors = 1,
}

/// <summary>The tree of one file, its text and line table, and its syntax errors sorted by position.</summary>
public sealed class ParseResult
{
    internal ParseResult(FileText text, SourceFile file, IReadOnlyList<SyntaxError> errors)
    {
        Text = text;
        File = file;
        Errors = errors;
    }

    public FileText Text { get; }

    public SourceFile File { get; }

    public IReadOnlyList<SyntaxError> Errors { get; }

    public bool HasErrors => Errors.Count > 0;
}

/// <summary>
/// A recursive-descent parser for Go source files with one token of lookahead, modelled on
/// go/parser: it accepts and rejects the same files and reports errors at the same positions.
/// </summary>
public sealed partial class Parser
{
    private const int MaxNestingDepth = 100_000;

    private readonly FileText file;
    private readonly Scanner scanner;
    private readonly ParseMode mode;
    private readonly List<SyntaxError> errors;

    private readonly List<CommentGroup> comments = [];
    private CommentGroup? leadComment; // last lead comment
    private CommentGroup? lineComment; // last line comment
    private bool top = true; // before the package clause
    private string goVersion = "";

    // Current token.
    private int pos = FileText.NoPos;
    private int end;
    private Token tok;
    private string? name; // identifier name when tok is Ident
    private bool newlineSemi; // tok is a semicolon inserted at a newline or EOF

    private int lineCursor; // index of the line start LineFor found last

    private int syncPos = FileText.NoPos; // last synchronization position
    private int syncCount; // advance calls without progress

    private int exprLev; // < 0: in control clause, >= 0: in expression
    private bool inRhs; // parsing a right-hand side expression
    private int nestLev;
    private bool stackExhausted;
    private bool lastResort; // on the large-stack thread: running out of stack is a syntax error

    private readonly List<ImportSpec> imports = [];
    private readonly NodeStack<Expr> exprs = new();
    private readonly NodeStack<Stmt> stmts = new();
    private readonly NodeStack<Field> fields = new();
    private readonly NodeStack<Ident> idents = new();
    private readonly NodeStack<Spec> specs = new();
    private readonly NodeStack<Comment> commentStack = new();
    private readonly List<Decl> decls = [];

    private Parser(FileText file, ParseMode mode, List<SyntaxError> errors)
    {
        this.file = file;
        this.mode = mode;
        this.errors = errors;
        scanner = new Scanner(file.Content, (offset, message) => AddError(offset, message)) { LineDirectiveFound = AddLineDirective };
        Next();
    }

    /// <summary>Parses a complete Go source file. Never throws for bad input: problems are in <see cref="ParseResult.Errors"/>.</summary>
    public static ParseResult ParseFile(string filename, byte[] source, ParseMode mode = ParseMode.None) =>
        ParseFile(new FileText(filename, source), mode);

    public static ParseResult ParseFile(FileText text, ParseMode mode = ParseMode.None)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = Parse(text, mode, out var stackExhausted);
        // Input nested deeper than this thread's stack allows (but within go/parser's limit)
        // is parsed again on a thread with a stack big enough for the limit.
        return stackExhausted ? ParseOnLargeStack(text, mode) : result;
    }

    private static ParseResult ParseOnLargeStack(FileText text, ParseMode mode)
    {
        const int stackSize = 1 << 30;
        ParseResult? result = null;
        var thread = new Thread(() => result = Parse(text, mode, out _, lastResort: true), stackSize);
        thread.Start();
        thread.Join();
        return result!;
    }

    private static ParseResult Parse(FileText text, ParseMode mode, out bool stackExhausted, bool lastResort = false)
    {
        Parser? parser = null;
        SourceFile? file = null;
        var errors = new List<SyntaxError>();
        stackExhausted = false;
        try
        {
            parser = new Parser(text, mode, errors) { lastResort = lastResort };
            file = parser.ParseSourceFile();
        }
        catch (BailoutException)
        {
            stackExhausted = parser?.stackExhausted ?? false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Defensive: a parser bug must surface as a diagnostic, not crash the caller.
            errors.Add(new SyntaxError(text.Position(parser?.pos ?? 0), "internal parser error: " + e.Message));
        }

        errors.Sort();
        file ??= parser?.PartialFile() ?? new SourceFile { Package = FileText.NoPos, Name = new Ident { NamePos = FileText.NoPos, Name = "" } };
        file.Text = text;
        return new ParseResult(text, file, errors);
    }

    // After a bailout go/parser returns an empty file; the declarations parsed so far are kept here.
    private SourceFile PartialFile() => new()
    {
        Package = FileText.NoPos,
        Name = new Ident { NamePos = FileText.NoPos, Name = "" },
        Decls = decls.ToArray(),
        Imports = imports.ToArray(),
        Comments = comments.ToArray(),
    };

    private sealed class BailoutException : Exception;

    // ---- Tokens and comments ----

    private void Next0()
    {
        tok = scanner.Scan();
        pos = scanner.Pos;
        end = scanner.End;
        name = scanner.Name;
        newlineSemi = scanner.IsNewlineSemicolon;
        if (tok != Token.Comment)
        {
            top = false;
        }
        else if (top && file.Content.AsSpan(pos).StartsWith("//go:build"u8))
        {
            var line = Literal;
            if (BuildConstraint.IsValid(line))
            {
                goVersion = BuildConstraint.GoVersion(line);
            }
        }
    }

    private string Literal => Scanner.LiteralOf(file.Content, tok, pos, end, name, newlineSemi);

    // The parser asks for lines of nearby, mostly increasing offsets: walk from the last answer
    // instead of searching the whole table.
    private int LineFor(int offset)
    {
        if (offset < 0)
        {
            return 0;
        }
        var starts = file.Lines;
        var i = lineCursor;
        while (i > 0 && starts[i] > offset)
        {
            i--;
        }
        while (i + 1 < starts.Length && starts[i + 1] <= offset)
        {
            i++;
        }
        lineCursor = i;
        return i + 1;
    }

    private (Comment Comment, int EndLine) ConsumeComment()
    {
        var endLine = LineFor(pos);
        var source = file.Content;
        if (source[pos + 1] == '*')
        {
            endLine += source.AsSpan(pos, end - pos).Count((byte)'\n');
        }
        var comment = new Comment(source, pos, end);
        Next0();
        return (comment, endLine);
    }

    private (CommentGroup Group, int EndLine) ConsumeCommentGroup(int n)
    {
        var mark = commentStack.Mark;
        var endLine = LineFor(pos);
        while (tok == Token.Comment && LineFor(pos) <= endLine + n)
        {
            Comment comment;
            (comment, endLine) = ConsumeComment();
            commentStack.Push(comment);
        }
        var group = new CommentGroup { List = commentStack.PopFrom(mark) };
        comments.Add(group);
        return (group, endLine);
    }

    // Advances to the next non-comment token, collecting comments and noting the lead and
    // line comments of the token before and after them.
    private void Next()
    {
        leadComment = null;
        lineComment = null;
        var prev = pos;
        Next0();
        if (tok != Token.Comment)
        {
            return;
        }

        CommentGroup? comment = null;
        int endLine;
        if (LineFor(pos) == LineFor(prev))
        {
            // A comment on the same line as the previous token ends it.
            (comment, endLine) = ConsumeCommentGroup(0);
            if (LineFor(pos) != endLine || tok == Token.Semicolon || tok == Token.EOF)
            {
                lineComment = comment;
            }
        }

        endLine = -1;
        while (tok == Token.Comment)
        {
            (comment, endLine) = ConsumeCommentGroup(1);
        }
        if (endLine + 1 == LineFor(pos))
        {
            leadComment = comment;
        }
    }

    private void AddLineDirective(Scanner.LineDirective directive)
    {
        var filename = directive.Filename;
        if (filename.Length == 0 && directive.HasColumn)
        {
            filename = file.Position(directive.Offset).Filename; // "//line :line:col" keeps the current name
        }
        else if (filename.Length > 0)
        {
            filename = GoPath.Clean(filename);
            var dir = file.Name[..(file.Name.LastIndexOf('/') + 1)];
            if (!filename.StartsWith('/') && dir.Length > 0)
            {
                filename = GoPath.Clean(dir + "/" + filename); // relative to the file's directory
            }
        }
        file.AddLineDirective(directive.Next, filename, directive.Line, directive.Column);
    }

    // ---- Errors ----

    private void AddError(int offset, string message) => errors.Add(new SyntaxError(file.Position(offset), message));

    private void Error(int offset, string message)
    {
        var position = file.Position(offset);
        if ((mode & ParseMode.AllErrors) == 0)
        {
            var n = errors.Count;
            if (n > 0 && errors[n - 1].Position.Line == position.Line)
            {
                return; // likely a follow-on error
            }
            if (n > 10)
            {
                throw new BailoutException();
            }
        }
        errors.Add(new SyntaxError(position, message));
    }

    private void ErrorExpected(int offset, string what)
    {
        var message = "expected " + what;
        if (offset == pos)
        {
            if (tok == Token.Semicolon && newlineSemi)
            {
                message += ", found newline";
            }
            else if (tok.IsLiteral())
            {
                message += ", found " + Literal;
            }
            else
            {
                message += ", found '" + tok.Text() + "'";
            }
        }
        Error(offset, message);
    }

    private int Expect(Token expected)
    {
        var at = pos;
        if (tok != expected)
        {
            ErrorExpected(at, "'" + expected.Text() + "'");
        }
        Next(); // make progress
        return at;
    }

    // Like Expect, but returns NoPos when the token is missing.
    private int Expect2(Token expected)
    {
        var at = FileText.NoPos;
        if (tok == expected)
        {
            at = pos;
        }
        else
        {
            ErrorExpected(pos, "'" + expected.Text() + "'");
        }
        Next();
        return at;
    }

    private int ExpectClosing(Token expected, string context)
    {
        if (tok != expected && tok == Token.Semicolon && newlineSemi)
        {
            Error(pos, "missing ',' before newline in " + context);
            Next();
        }
        return Expect(expected);
    }

    private CommentGroup? ExpectSemi()
    {
        switch (tok)
        {
            case Token.RParen or Token.RBrace:
                return null; // optional before a closing ')' or '}'
            case Token.Comma or Token.Semicolon:
                if (tok == Token.Comma)
                {
                    ErrorExpected(pos, "';'"); // accept ',' for ';' but complain
                }
                CommentGroup? comment;
                if (!newlineSemi)
                {
                    Next();
                    comment = lineComment; // comments after an explicit ';'
                }
                else
                {
                    comment = lineComment; // comments before the newline
                    Next();
                }
                return comment;
            default:
                ErrorExpected(pos, "';'");
                Advance(StmtStart);
                return null;
        }
    }

    private bool AtComma(string context, Token follow)
    {
        if (tok == Token.Comma)
        {
            return true;
        }
        if (tok != follow)
        {
            var message = "missing ','";
            if (tok == Token.Semicolon && newlineSemi)
            {
                message += " before newline";
            }
            Error(pos, message + " in " + context);
            return true; // "insert" the comma and continue
        }
        return false;
    }

    // Skips to a token in the set, giving up the same position at most ten times so a
    // loop calling Advance always makes progress.
    private void Advance(bool[] to)
    {
        for (; tok != Token.EOF; Next())
        {
            if (to[(int)tok])
            {
                if (pos == syncPos && syncCount < 10)
                {
                    syncCount++;
                    return;
                }
                if (pos > syncPos)
                {
                    syncPos = pos;
                    syncCount = 0;
                    return;
                }
            }
        }
    }

    private static bool[] Set(params Token[] tokens)
    {
        var set = new bool[(int)Token.Var + 1];
        foreach (var t in tokens)
        {
            set[(int)t] = true;
        }
        return set;
    }

    private static readonly bool[] StmtStart = Set(
        Token.Break, Token.Const, Token.Continue, Token.Defer, Token.Fallthrough, Token.For, Token.Go,
        Token.Goto, Token.If, Token.Return, Token.Select, Token.Switch, Token.Type, Token.Var);

    private static readonly bool[] DeclStart = Set(Token.Import, Token.Const, Token.Type, Token.Var);

    private static readonly bool[] ExprEnd = Set(
        Token.Comma, Token.Colon, Token.Semicolon, Token.RParen, Token.RBrack, Token.RBrace);

    private void IncNestLev()
    {
        nestLev++;
        if (nestLev > MaxNestingDepth)
        {
            Error(pos, "exceeded max nesting depth");
            throw new BailoutException();
        }
        // Checking the stack is not free: every 16 levels leaves ample headroom.
        if ((nestLev & 15) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            if (lastResort)
            {
                Error(pos, "exceeded max nesting depth");
            }
            stackExhausted = true;
            throw new BailoutException();
        }
    }

    private void DecNestLev() => nestLev--;
}
