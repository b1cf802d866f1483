using Goroscope.GoSyntax;
using Goroscope.Stacks;

namespace Goroscope.Analysis.Source;

/// <summary>
/// Reads the statement at a frame's line with the project's own Go parser. A file is found once and parsed
/// once per reader. A reading is returned only when the function declared around the line is the frame's own,
/// so a checkout of another version of the code does not lend a wrong statement.
/// </summary>
public sealed class SourceReader(SourceLocator locator)
{
    private const int ExcerptRadius = 2;
    private readonly Dictionary<string, SyntaxIndex?> _parsed = [];

    public SourceReading? Read(Frame frame)
    {
        if (frame.Line <= 0 || locator.Find(frame.File) is not { } path || Parse(path) is not { } index)
            return null;
        var text = index.File.Text;
        if (frame.Line > text.LineCount || FunctionAt(index.File, frame.Line) is not { Body: not null } function
            || !DeclaresFrameFunction(function, frame.Function))
            return null;
        var statement = StatementAt(function, text, frame.Line);
        if (statement is null)
            return null;
        var (kind, wakes, buffer) = statement switch
        {
            SelectStmt select when select.Body.List.Count == 0 => (BlockingStatementKind.SelectForever, [], null),
            SelectStmt select => (BlockingStatementKind.Select, WakeCases(select, index), (int?)null),
            SendStmt send => (BlockingStatementKind.Send, [], BufferOf(send.Chan, index)),
            RangeStmt => (BlockingStatementKind.RangeReceive, [], null),
            UnaryExpr => (BlockingStatementKind.Receive, [], null),
            _ => (BlockingStatementKind.Call, (IReadOnlyList<WakeCase>)[], (int?)null),
        };
        var channel = statement switch
        {
            SendStmt send => send.Chan,
            UnaryExpr receive => receive.X,
            RangeStmt range => range.X,
            _ => null,
        };
        var nil = channel is Ident local && IsNeverMade(local, function, index);
        return new SourceReading(path, frame.Line, kind, wakes, buffer, Excerpt(text, frame.Line)) { NilChannel = nil };
    }

    private SyntaxIndex? Parse(string path)
    {
        if (_parsed.TryGetValue(path, out var known))
            return known;
        SyntaxIndex? index = null;
        try
        {
            var result = Parser.ParseFile(path, File.ReadAllBytes(path));
            index = new SyntaxIndex(result.File);
        }
        catch (IOException)
        {
            // unreadable now: judged as if not found
        }
        catch (UnauthorizedAccessException)
        {
        }
        _parsed[path] = index;
        return index;
    }

    private static FuncDecl? FunctionAt(SourceFile file, int line) =>
        file.Decls.OfType<FuncDecl>().FirstOrDefault(f => file.Text.Line(f.Pos) <= line && line <= file.Text.Line(f.End - 1));

    /// <summary>
    /// `pkg.(*scrapeLoop).run.func1`, `pkg.T.M`, `main.main.func21`, `pkg.F[...]`: the declared function's name is one
    /// of the name's elements after the package (closures are named after the function they are declared in).
    /// </summary>
    private static bool DeclaresFrameFunction(FuncDecl function, string frameFunction)
    {
        var package = GoNames.PackageOf(frameFunction);
        var rest = frameFunction.Length > package.Length ? frameFunction[(package.Length + 1)..] : frameFunction;
        foreach (var element in rest.Split('.'))
        {
            var name = element.Trim('(', ')', '*');
            var generic = name.IndexOf('[', StringComparison.Ordinal);
            if (generic >= 0)
                name = name[..generic];
            if (name == function.Name.Name)
                return true;
        }
        return false;
    }

    /// <summary>The operation the runtime attributes a wait at this line to: a select, send, range, receive or call there.</summary>
    private static Node? StatementAt(FuncDecl function, FileText text, int line)
    {
        Node? select = null, send = null, range = null, receive = null, call = null;
        Walker.Inspect(function.Body!, node =>
        {
            if (text.Line(node.Pos) > line || text.Line(node.End - 1) < line)
                return false; // nothing inside a node that does not span the line is at the line
            switch (node)
            {
                case SelectStmt s when text.Line(s.Select) == line:
                    select ??= s;
                    break;
                case SendStmt s when text.Line(s.Arrow) == line || text.Line(s.Pos) == line:
                    send ??= s;
                    break;
                case RangeStmt r when text.Line(r.For) == line || text.Line(r.Range) == line || text.Line(r.X.Pos) == line:
                    range ??= r;
                    break;
                case UnaryExpr { Op: Token.Arrow } u when text.Line(u.OpPos) == line:
                    receive ??= u;
                    break;
                case CallExpr c when text.Line(c.Rparen) == line || text.Line(c.Lparen) == line:
                    call ??= c;
                    break;
            }
            return true;
        });
        return select ?? send ?? range ?? receive ?? call;
    }

    private static List<WakeCase> WakeCases(SelectStmt select, SyntaxIndex index)
    {
        var wakes = new List<WakeCase>();
        foreach (var clause in select.Body.List.OfType<CommClause>())
        {
            var received = clause.Comm switch
            {
                ExprStmt { X: UnaryExpr { Op: Token.Arrow } u } => u.X,
                AssignStmt { Rhs: [UnaryExpr { Op: Token.Arrow } u] } => u.X,
                _ => null,
            };
            if (received is not null && WakeOf(received, index, depth: 0) is { } kind)
            {
                var text = index.File.Text;
                wakes.Add(new WakeCase(kind, text.Line(clause.Pos), "<-" + text.Text(received.Pos, received.End)));
            }
        }
        return wakes;
    }

    /// <summary>What a received-from channel expression is, when the function shows it: `time.After(d)`, `t.C`, `ctx.Done()`, or a local holding one.</summary>
    private static WakeKind? WakeOf(Expr channel, SyntaxIndex index, int depth) => channel switch
    {
        ParenExpr p => WakeOf(p.X, index, depth),
        CallExpr { Fun: SelectorExpr { X: Ident { Name: "time" }, Sel.Name: "After" } } => WakeKind.Timer,
        CallExpr { Fun: SelectorExpr { X: Ident { Name: "time" }, Sel.Name: "Tick" } } => WakeKind.Ticker,
        CallExpr { Fun: SelectorExpr { Sel.Name: "Done" }, Args.Count: 0 } => WakeKind.Context,
        // Only time.Timer and time.Ticker have a channel field C; what the holder was made by tells which.
        SelectorExpr { Sel.Name: "C" } c => TimeSourceOf(c.X, index) ?? WakeKind.Timer,
        Ident id when depth == 0 && ValueOf(id, index) is { } value => WakeOf(value, index, depth + 1),
        _ => null,
    };

    private static WakeKind? TimeSourceOf(Expr holder, SyntaxIndex index)
    {
        var made = holder is Ident id ? ValueOf(id, index) : null;
        if (made is CallExpr { Fun: SelectorExpr { X: Ident { Name: "time" }, Sel.Name: var maker } })
            return maker == "NewTicker" ? WakeKind.Ticker : WakeKind.Timer;
        var name = holder is SelectorExpr s ? s.Sel.Name : holder is Ident i ? i.Name : "";
        return name.Contains("tick", StringComparison.OrdinalIgnoreCase) ? WakeKind.Ticker : null;
    }

    /// <summary>The `make(chan T, n)` buffer of a channel held in a local, when the function shows it.</summary>
    private static int? BufferOf(Expr channel, SyntaxIndex index)
    {
        if (channel is not Ident id || ValueOf(id, index) is not CallExpr { Fun: Ident { Name: "make" }, Args: [ChanType, ..] args })
            return null;
        if (args.Count == 1)
            return 0;
        return args[1] is BasicLit { Kind: Token.Int } size && int.TryParse(size.Value.Replace("_", ""), out var n) ? n : null;
    }

    /// <summary>
    /// `var ch chan T` in the function and never assigned or its address taken there: the channel is nil, and a
    /// send or receive on it blocks forever.
    /// </summary>
    private static bool IsNeverMade(Ident use, FuncDecl function, SyntaxIndex index)
    {
        if (index.Declaration(use) is not { } declared || index.Parent(declared) is not ValueSpec { Values.Count: 0, Type: ChanType })
            return false;
        if (index.EnclosingFunction(declared) is not { } declaring || !ReferenceEquals(declaring, function) && !index.Ancestors(declaring).Contains(function))
            return false;
        var changed = false;
        Walker.Inspect(function, node =>
        {
            changed |= node switch
            {
                AssignStmt assign => assign.Lhs.Any(l => l is Ident id && ReferenceEquals(index.Declaration(id), declared)),
                UnaryExpr { Op: Token.And, X: Ident id } => ReferenceEquals(index.Declaration(id), declared),
                _ => false,
            };
            return !changed;
        });
        return !changed;
    }

    /// <summary>The expression a local was declared with (`x := e`, `var x = e`), or null.</summary>
    private static Expr? ValueOf(Ident use, SyntaxIndex index)
    {
        if (index.Declaration(use) is not { } declared)
            return null;
        return index.Parent(declared) switch
        {
            AssignStmt { Tok: Token.Define } a when a.Lhs.Count == a.Rhs.Count => a.Rhs[IndexOf(a.Lhs, declared)],
            ValueSpec v when v.Values.Count == v.Names.Count => v.Values[IndexOf(v.Names, declared)],
            _ => null,
        };
    }

    private static int IndexOf<T>(IReadOnlyList<T> nodes, Node node)
        where T : Node
    {
        for (var i = 0; i < nodes.Count; i++)
            if (ReferenceEquals(nodes[i], node))
                return i;
        return 0;
    }

    private static List<SourceLine> Excerpt(FileText text, int line)
    {
        var lines = new List<SourceLine>();
        var starts = text.Lines;
        for (var n = Math.Max(1, line - ExcerptRadius); n <= Math.Min(text.LineCount, line + ExcerptRadius); n++)
        {
            var start = starts[n - 1];
            var end = n < text.LineCount ? starts[n] : text.Size;
            lines.Add(new SourceLine(n, text.Text(start, end).TrimEnd('\r', '\n')));
        }
        return lines;
    }
}
