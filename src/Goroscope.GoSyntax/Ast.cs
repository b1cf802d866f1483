using System.Text;

namespace Goroscope.GoSyntax;

// The syntax tree, shaped like go/ast. Positions are byte offsets into the file
// (FileText.NoPos when absent); End is the offset just past the node.

public abstract class Node
{
    public abstract int Pos { get; }

    public abstract int End { get; }

    /// <summary>Calls <paramref name="visit"/> on each direct child, in source order.</summary>
    public abstract void VisitChildren(Action<Node> visit);

    private protected static void Visit(Action<Node> visit, Node? node)
    {
        if (node is not null)
        {
            visit(node);
        }
    }

    private protected static void Visit<T>(Action<Node> visit, IReadOnlyList<T> nodes)
        where T : Node
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            visit(nodes[i]);
        }
    }
}

public abstract class Expr : Node;

public abstract class Stmt : Node;

public abstract class Decl : Node;

public abstract class Spec : Node;

// ---- Comments ----

public sealed class Comment : Node
{
    private readonly byte[]? source;
    private string? text;

    public Comment()
    {
    }

    // The text is decoded from the source on first use: most comments are never read.
    internal Comment(byte[] source, int slash, int end)
    {
        this.source = source;
        Slash = slash;
        EndPos = end;
    }

    public int Slash { get; init; }

    public int EndPos { get; init; }

    /// <summary>Comment text including the markers, carriage returns removed (as go/ast).</summary>
    public string Text
    {
        get => text ??= source is null ? "" : Scanner.LiteralOf(source, Token.Comment, Slash, EndPos, null, false);
        init => text = value;
    }

    public override int Pos => Slash;

    public override int End => EndPos;

    public override void VisitChildren(Action<Node> visit)
    {
    }
}

public sealed class CommentGroup : Node
{
    public required IReadOnlyList<Comment> List { get; init; }

    public override int Pos => List[0].Pos;

    public override int End => List[^1].End;

    public override void VisitChildren(Action<Node> visit) => Visit(visit, List);
}

// ---- Fields ----

public sealed class Field : Node
{
    public CommentGroup? Doc { get; set; }

    public IReadOnlyList<Ident> Names { get; set; } = [];

    public Expr? Type { get; set; }

    public BasicLit? Tag { get; set; }

    public CommentGroup? Comment { get; set; }

    public override int Pos => Names.Count > 0 ? Names[0].Pos : Type is not null ? Type.Pos : Tag?.Pos ?? FileText.NoPos;

    public override int End => Tag is not null ? Tag.End : Type is not null ? Type.End : Names.Count > 0 ? Names[^1].End : FileText.NoPos;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Doc);
        Visit(visit, Names);
        Visit(visit, Type);
        Visit(visit, Tag);
        Visit(visit, Comment);
    }
}

public sealed class FieldList : Node
{
    public int Opening { get; init; } = FileText.NoPos;

    public IReadOnlyList<Field> List { get; init; } = [];

    public int Closing { get; init; } = FileText.NoPos;

    public override int Pos => Opening >= 0 ? Opening : List.Count > 0 ? List[0].Pos : FileText.NoPos;

    public override int End => Closing >= 0 ? Closing + 1 : List.Count > 0 ? List[^1].End : FileText.NoPos;

    /// <summary>The number of parameters or fields, counting each name.</summary>
    public int NumFields
    {
        get
        {
            var n = 0;
            foreach (var f in List)
            {
                n += Math.Max(1, f.Names.Count);
            }
            return n;
        }
    }

    public override void VisitChildren(Action<Node> visit) => Visit(visit, List);
}

// ---- Expressions ----

/// <summary>Placeholder for an expression that could not be parsed.</summary>
public sealed class BadExpr : Expr
{
    public required int From { get; init; }

    public required int To { get; init; }

    public override int Pos => From;

    public override int End => To;

    public override void VisitChildren(Action<Node> visit)
    {
    }
}

public sealed class Ident : Expr
{
    public required int NamePos { get; set; }

    public required string Name { get; init; }

    public override int Pos => NamePos;

    public override int End => NamePos + (Ascii.IsValid(Name) ? Name.Length : Encoding.UTF8.GetByteCount(Name));

    public bool IsExported => Name.Length > 0 && char.IsUpper(Name, 0);

    public override string ToString() => Name;

    public override void VisitChildren(Action<Node> visit)
    {
    }
}

/// <summary>"..." in a parameter list or an array length.</summary>
public sealed class Ellipsis : Expr
{
    public required int EllipsisPos { get; init; }

    public Expr? Elt { get; init; }

    public override int Pos => EllipsisPos;

    public override int End => Elt is not null ? Elt.End : EllipsisPos + 3;

    public override void VisitChildren(Action<Node> visit) => Visit(visit, Elt);
}

public sealed class BasicLit : Expr
{
    private readonly byte[]? source;
    private string? value;

    public BasicLit()
    {
    }

    // The value is decoded from the source on first use.
    internal BasicLit(byte[] source, int pos, int end, Token kind)
    {
        this.source = source;
        ValuePos = pos;
        ValueEnd = end;
        Kind = kind;
    }

    public int ValuePos { get; init; }

    public int ValueEnd { get; init; }

    /// <summary>Int, Float, Imag, Char or String.</summary>
    public Token Kind { get; init; }

    /// <summary>The literal as written (raw strings without carriage returns).</summary>
    public string Value
    {
        get => value ??= source is null ? "" : Scanner.LiteralOf(source, Kind, ValuePos, ValueEnd, null, false);
        init => this.value = value;
    }

    public override int Pos => ValuePos;

    public override int End => ValueEnd;

    public override void VisitChildren(Action<Node> visit)
    {
    }
}

public sealed class FuncLit : Expr
{
    public required FuncType Type { get; init; }

    public required BlockStmt Body { get; init; }

    public override int Pos => Type.Pos;

    public override int End => Body.End;

    public override void VisitChildren(Action<Node> visit)
    {
        visit(Type);
        visit(Body);
    }
}

public sealed class CompositeLit : Expr
{
    public Expr? Type { get; init; }

    public required int Lbrace { get; init; }

    public IReadOnlyList<Expr> Elts { get; init; } = [];

    public required int Rbrace { get; init; }

    public override int Pos => Type is not null ? Type.Pos : Lbrace;

    public override int End => Rbrace + 1;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Type);
        Visit(visit, Elts);
    }
}

public sealed class ParenExpr : Expr
{
    public required int Lparen { get; init; }

    public required Expr X { get; init; }

    public required int Rparen { get; init; }

    public override int Pos => Lparen;

    public override int End => Rparen + 1;

    public override void VisitChildren(Action<Node> visit) => visit(X);
}

public sealed class SelectorExpr : Expr
{
    public required Expr X { get; init; }

    public required Ident Sel { get; init; }

    public override int Pos => X.Pos;

    public override int End => Sel.End;

    public override void VisitChildren(Action<Node> visit)
    {
        visit(X);
        visit(Sel);
    }
}

public sealed class IndexExpr : Expr
{
    public required Expr X { get; init; }

    public required int Lbrack { get; init; }

    public required Expr Index { get; init; }

    public required int Rbrack { get; init; }

    public override int Pos => X.Pos;

    public override int End => Rbrack + 1;

    public override void VisitChildren(Action<Node> visit)
    {
        visit(X);
        visit(Index);
    }
}

/// <summary>An instantiation with several type arguments: X[A, B].</summary>
public sealed class IndexListExpr : Expr
{
    public required Expr X { get; init; }

    public required int Lbrack { get; init; }

    public required IReadOnlyList<Expr> Indices { get; init; }

    public required int Rbrack { get; init; }

    public override int Pos => X.Pos;

    public override int End => Rbrack + 1;

    public override void VisitChildren(Action<Node> visit)
    {
        visit(X);
        Visit(visit, Indices);
    }
}

public sealed class SliceExpr : Expr
{
    public required Expr X { get; init; }

    public required int Lbrack { get; init; }

    public Expr? Low { get; init; }

    public Expr? High { get; init; }

    public Expr? Max { get; init; }

    public bool Slice3 { get; init; }

    public required int Rbrack { get; init; }

    public override int Pos => X.Pos;

    public override int End => Rbrack + 1;

    public override void VisitChildren(Action<Node> visit)
    {
        visit(X);
        Visit(visit, Low);
        Visit(visit, High);
        Visit(visit, Max);
    }
}

public sealed class TypeAssertExpr : Expr
{
    public required Expr X { get; init; }

    public required int Lparen { get; init; }

    /// <summary>The asserted type; null for x.(type) in a type switch.</summary>
    public Expr? Type { get; init; }

    public required int Rparen { get; init; }

    public override int Pos => X.Pos;

    public override int End => Rparen + 1;

    public override void VisitChildren(Action<Node> visit)
    {
        visit(X);
        Visit(visit, Type);
    }
}

public sealed class CallExpr : Expr
{
    public required Expr Fun { get; init; }

    public required int Lparen { get; init; }

    public IReadOnlyList<Expr> Args { get; init; } = [];

    /// <summary>Position of a trailing "..." or NoPos.</summary>
    public int EllipsisPos { get; init; } = FileText.NoPos;

    public required int Rparen { get; init; }

    public override int Pos => Fun.Pos;

    public override int End => Rparen + 1;

    public override void VisitChildren(Action<Node> visit)
    {
        visit(Fun);
        Visit(visit, Args);
    }
}

/// <summary>*X: a pointer type or an indirection.</summary>
public sealed class StarExpr : Expr
{
    public required int Star { get; init; }

    public required Expr X { get; init; }

    public override int Pos => Star;

    public override int End => X.End;

    public override void VisitChildren(Action<Node> visit) => visit(X);
}

public sealed class UnaryExpr : Expr
{
    public required int OpPos { get; init; }

    public required Token Op { get; init; }

    public required Expr X { get; init; }

    public override int Pos => OpPos;

    public override int End => X.End;

    public override void VisitChildren(Action<Node> visit) => visit(X);
}

public sealed class BinaryExpr : Expr
{
    public required Expr X { get; set; }

    public required int OpPos { get; init; }

    public required Token Op { get; init; }

    public required Expr Y { get; init; }

    public override int Pos => X.Pos;

    public override int End => Y.End;

    public override void VisitChildren(Action<Node> visit)
    {
        visit(X);
        visit(Y);
    }
}

public sealed class KeyValueExpr : Expr
{
    public required Expr Key { get; init; }

    public required int Colon { get; init; }

    public required Expr Value { get; init; }

    public override int Pos => Key.Pos;

    public override int End => Value.End;

    public override void VisitChildren(Action<Node> visit)
    {
        visit(Key);
        visit(Value);
    }
}

// ---- Types ----

/// <summary>[Len]Elt, or []Elt for a slice (Len null), or [...]Elt (Len an Ellipsis).</summary>
public sealed class ArrayType : Expr
{
    public required int Lbrack { get; init; }

    public Expr? Len { get; init; }

    public required Expr Elt { get; init; }

    public override int Pos => Lbrack;

    public override int End => Elt.End;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Len);
        visit(Elt);
    }
}

public sealed class StructType : Expr
{
    public required int Struct { get; init; }

    public required FieldList Fields { get; init; }

    public override int Pos => Struct;

    public override int End => Fields.End;

    public override void VisitChildren(Action<Node> visit) => visit(Fields);
}

public sealed class FuncType : Expr
{
    /// <summary>Position of "func", or NoPos for an interface method.</summary>
    public int Func { get; init; } = FileText.NoPos;

    public FieldList? TypeParams { get; init; }

    public required FieldList Params { get; init; }

    public FieldList? Results { get; init; }

    public override int Pos => Func >= 0 ? Func : Params.Pos;

    public override int End => Results is not null ? Results.End : Params.End;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, TypeParams);
        visit(Params);
        Visit(visit, Results);
    }
}

public sealed class InterfaceType : Expr
{
    public required int Interface { get; init; }

    public required FieldList Methods { get; init; }

    public override int Pos => Interface;

    public override int End => Methods.End;

    public override void VisitChildren(Action<Node> visit) => visit(Methods);
}

public sealed class MapType : Expr
{
    public required int Map { get; init; }

    public required Expr Key { get; init; }

    public required Expr Value { get; init; }

    public override int Pos => Map;

    public override int End => Value.End;

    public override void VisitChildren(Action<Node> visit)
    {
        visit(Key);
        visit(Value);
    }
}

[Flags]
public enum ChanDir
{
    Send = 1,
    Recv = 2,
}

public sealed class ChanType : Expr
{
    public required int Begin { get; set; }

    /// <summary>Position of "&lt;-" or NoPos.</summary>
    public int Arrow { get; set; } = FileText.NoPos;

    public required ChanDir Dir { get; set; }

    public required Expr Value { get; init; }

    public override int Pos => Begin;

    public override int End => Value.End;

    public override void VisitChildren(Action<Node> visit) => visit(Value);
}

// ---- Statements ----

public sealed class BadStmt : Stmt
{
    public required int From { get; init; }

    public required int To { get; init; }

    public override int Pos => From;

    public override int End => To;

    public override void VisitChildren(Action<Node> visit)
    {
    }
}

public sealed class DeclStmt : Stmt
{
    public required Decl Decl { get; init; }

    public override int Pos => Decl.Pos;

    public override int End => Decl.End;

    public override void VisitChildren(Action<Node> visit) => visit(Decl);
}

public sealed class EmptyStmt : Stmt
{
    public required int Semicolon { get; init; }

    /// <summary>True when the semicolon was inserted at a newline or before a closing brace.</summary>
    public bool Implicit { get; init; }

    public override int Pos => Semicolon;

    public override int End => Implicit ? Semicolon : Semicolon + 1;

    public override void VisitChildren(Action<Node> visit)
    {
    }
}

public sealed class LabeledStmt : Stmt
{
    public required Ident Label { get; init; }

    public required int Colon { get; init; }

    public required Stmt Stmt { get; init; }

    public override int Pos => Label.Pos;

    public override int End => Stmt.End;

    public override void VisitChildren(Action<Node> visit)
    {
        visit(Label);
        visit(Stmt);
    }
}

public sealed class ExprStmt : Stmt
{
    public required Expr X { get; init; }

    public override int Pos => X.Pos;

    public override int End => X.End;

    public override void VisitChildren(Action<Node> visit) => visit(X);
}

public sealed class SendStmt : Stmt
{
    public required Expr Chan { get; init; }

    public required int Arrow { get; init; }

    public required Expr Value { get; init; }

    public override int Pos => Chan.Pos;

    public override int End => Value.End;

    public override void VisitChildren(Action<Node> visit)
    {
        visit(Chan);
        visit(Value);
    }
}

public sealed class IncDecStmt : Stmt
{
    public required Expr X { get; init; }

    public required int TokPos { get; init; }

    public required Token Tok { get; init; }

    public override int Pos => X.Pos;

    public override int End => TokPos + 2;

    public override void VisitChildren(Action<Node> visit) => visit(X);
}

public sealed class AssignStmt : Stmt
{
    public IReadOnlyList<Expr> Lhs { get; init; } = [];

    public int TokPos { get; init; } = FileText.NoPos;

    /// <summary>The assignment operator, or Define for ":=".</summary>
    public Token Tok { get; init; }

    public required IReadOnlyList<Expr> Rhs { get; init; }

    public override int Pos => Lhs.Count > 0 ? Lhs[0].Pos : Rhs[0].Pos;

    public override int End => Rhs[^1].End;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Lhs);
        Visit(visit, Rhs);
    }
}

public sealed class GoStmt : Stmt
{
    public required int Go { get; init; }

    public required CallExpr Call { get; init; }

    public override int Pos => Go;

    public override int End => Call.End;

    public override void VisitChildren(Action<Node> visit) => visit(Call);
}

public sealed class DeferStmt : Stmt
{
    public required int Defer { get; init; }

    public required CallExpr Call { get; init; }

    public override int Pos => Defer;

    public override int End => Call.End;

    public override void VisitChildren(Action<Node> visit) => visit(Call);
}

public sealed class ReturnStmt : Stmt
{
    public required int Return { get; init; }

    public IReadOnlyList<Expr> Results { get; init; } = [];

    public override int Pos => Return;

    public override int End => Results.Count > 0 ? Results[^1].End : Return + 6;

    public override void VisitChildren(Action<Node> visit) => Visit(visit, Results);
}

/// <summary>break, continue, goto or fallthrough.</summary>
public sealed class BranchStmt : Stmt
{
    public required int TokPos { get; init; }

    public required Token Tok { get; init; }

    public Ident? Label { get; init; }

    public override int Pos => TokPos;

    public override int End => Label is not null ? Label.End : TokPos + Tok.Text().Length;

    public override void VisitChildren(Action<Node> visit) => Visit(visit, Label);
}

public sealed class BlockStmt : Stmt
{
    public required int Lbrace { get; init; }

    public IReadOnlyList<Stmt> List { get; init; } = [];

    /// <summary>Position of "}", or NoPos when it is missing.</summary>
    public required int Rbrace { get; init; }

    public override int Pos => Lbrace;

    public override int End => Rbrace >= 0 ? Rbrace + 1 : List.Count > 0 ? List[^1].End : Lbrace + 1;

    public override void VisitChildren(Action<Node> visit) => Visit(visit, List);
}

public sealed class IfStmt : Stmt
{
    public required int If { get; init; }

    public Stmt? Init { get; init; }

    public required Expr Cond { get; init; }

    public required BlockStmt Body { get; init; }

    public Stmt? Else { get; init; }

    public override int Pos => If;

    public override int End => Else is not null ? Else.End : Body.End;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Init);
        visit(Cond);
        visit(Body);
        Visit(visit, Else);
    }
}

/// <summary>A case of an expression or type switch; an empty List means "default".</summary>
public sealed class CaseClause : Stmt
{
    public required int Case { get; init; }

    public IReadOnlyList<Expr> List { get; init; } = [];

    public required int Colon { get; init; }

    public IReadOnlyList<Stmt> Body { get; init; } = [];

    public override int Pos => Case;

    public override int End => Body.Count > 0 ? Body[^1].End : Colon + 1;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, List);
        Visit(visit, Body);
    }
}

public sealed class SwitchStmt : Stmt
{
    public required int Switch { get; init; }

    public Stmt? Init { get; init; }

    public Expr? Tag { get; init; }

    public required BlockStmt Body { get; init; }

    public override int Pos => Switch;

    public override int End => Body.End;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Init);
        Visit(visit, Tag);
        visit(Body);
    }
}

public sealed class TypeSwitchStmt : Stmt
{
    public required int Switch { get; init; }

    public Stmt? Init { get; init; }

    /// <summary>x := y.(type) or y.(type).</summary>
    public required Stmt Assign { get; init; }

    public required BlockStmt Body { get; init; }

    public override int Pos => Switch;

    public override int End => Body.End;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Init);
        visit(Assign);
        visit(Body);
    }
}

/// <summary>A case of a select statement; Comm is null for "default".</summary>
public sealed class CommClause : Stmt
{
    public required int Case { get; init; }

    public Stmt? Comm { get; init; }

    public required int Colon { get; init; }

    public IReadOnlyList<Stmt> Body { get; init; } = [];

    public override int Pos => Case;

    public override int End => Body.Count > 0 ? Body[^1].End : Colon + 1;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Comm);
        Visit(visit, Body);
    }
}

public sealed class SelectStmt : Stmt
{
    public required int Select { get; init; }

    public required BlockStmt Body { get; init; }

    public override int Pos => Select;

    public override int End => Body.End;

    public override void VisitChildren(Action<Node> visit) => visit(Body);
}

public sealed class ForStmt : Stmt
{
    public required int For { get; init; }

    public Stmt? Init { get; init; }

    public Expr? Cond { get; init; }

    public Stmt? Post { get; init; }

    public required BlockStmt Body { get; init; }

    public override int Pos => For;

    public override int End => Body.End;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Init);
        Visit(visit, Cond);
        Visit(visit, Post);
        visit(Body);
    }
}

/// <summary>for Key, Value := range X (over slices, maps, channels, integers and functions).</summary>
public sealed class RangeStmt : Stmt
{
    public required int For { get; init; }

    public Expr? Key { get; init; }

    public Expr? Value { get; init; }

    public int TokPos { get; init; } = FileText.NoPos;

    /// <summary>Define, Assign, or Illegal when there is no key.</summary>
    public Token Tok { get; init; }

    public required int Range { get; init; }

    public required Expr X { get; init; }

    public required BlockStmt Body { get; init; }

    public override int Pos => For;

    public override int End => Body.End;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Key);
        Visit(visit, Value);
        visit(X);
        visit(Body);
    }
}

// ---- Declarations ----

public sealed class ImportSpec : Spec
{
    public CommentGroup? Doc { get; init; }

    /// <summary>Local name, "." or "_"; null when absent.</summary>
    public Ident? Name { get; init; }

    public required BasicLit Path { get; init; }

    public CommentGroup? Comment { get; init; }

    public override int Pos => Name is not null ? Name.Pos : Path.Pos;

    public override int End => Path.End;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Doc);
        Visit(visit, Name);
        visit(Path);
        Visit(visit, Comment);
    }
}

/// <summary>A const or var spec.</summary>
public sealed class ValueSpec : Spec
{
    public CommentGroup? Doc { get; init; }

    public required IReadOnlyList<Ident> Names { get; init; }

    public Expr? Type { get; init; }

    public IReadOnlyList<Expr> Values { get; init; } = [];

    public CommentGroup? Comment { get; init; }

    public override int Pos => Names[0].Pos;

    public override int End => Values.Count > 0 ? Values[^1].End : Type is not null ? Type.End : Names[^1].End;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Doc);
        Visit(visit, Names);
        Visit(visit, Type);
        Visit(visit, Values);
        Visit(visit, Comment);
    }
}

public sealed class TypeSpec : Spec
{
    public CommentGroup? Doc { get; init; }

    public required Ident Name { get; init; }

    public FieldList? TypeParams { get; set; }

    /// <summary>Position of "=" for an alias, or NoPos.</summary>
    public int Assign { get; set; } = FileText.NoPos;

    public Expr Type { get; set; } = null!;

    public CommentGroup? Comment { get; set; }

    public override int Pos => Name.Pos;

    public override int End => Type.End;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Doc);
        visit(Name);
        Visit(visit, TypeParams);
        visit(Type);
        Visit(visit, Comment);
    }
}

public sealed class BadDecl : Decl
{
    public required int From { get; init; }

    public required int To { get; init; }

    public override int Pos => From;

    public override int End => To;

    public override void VisitChildren(Action<Node> visit)
    {
    }
}

/// <summary>An import, const, type or var declaration, parenthesized or not.</summary>
public sealed class GenDecl : Decl
{
    public CommentGroup? Doc { get; init; }

    public required int TokPos { get; init; }

    public required Token Tok { get; init; }

    public int Lparen { get; init; } = FileText.NoPos;

    public required IReadOnlyList<Spec> Specs { get; init; }

    public int Rparen { get; init; } = FileText.NoPos;

    public override int Pos => TokPos;

    public override int End => Rparen >= 0 ? Rparen + 1 : Specs[0].End;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Doc);
        Visit(visit, Specs);
    }
}

public sealed class FuncDecl : Decl
{
    public CommentGroup? Doc { get; init; }

    /// <summary>The receiver of a method; null for a function.</summary>
    public FieldList? Recv { get; init; }

    public required Ident Name { get; init; }

    public required FuncType Type { get; init; }

    /// <summary>Null for an external (assembly) function.</summary>
    public BlockStmt? Body { get; init; }

    public override int Pos => Type.Pos;

    public override int End => Body is not null ? Body.End : Type.End;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Doc);
        Visit(visit, Recv);
        visit(Name);
        visit(Type);
        Visit(visit, Body);
    }
}

/// <summary>A parsed Go source file.</summary>
public sealed class SourceFile : Node
{
    public CommentGroup? Doc { get; init; }

    /// <summary>Position of "package", or NoPos when the clause is missing.</summary>
    public required int Package { get; init; }

    public required Ident Name { get; init; }

    public IReadOnlyList<Decl> Decls { get; init; } = [];

    public IReadOnlyList<ImportSpec> Imports { get; init; } = [];

    /// <summary>Every comment group in the file, in source order.</summary>
    public IReadOnlyList<CommentGroup> Comments { get; init; } = [];

    /// <summary>The minimum Go version required by the file's //go:build line ("go1.21"), or "".</summary>
    public string GoVersion { get; init; } = "";

    /// <summary>The text and line table the positions refer to.</summary>
    public FileText Text { get; internal set; } = null!;

    public override int Pos => Package;

    public override int End => Decls.Count > 0 ? Decls[^1].End : Name.End;

    public override void VisitChildren(Action<Node> visit)
    {
        Visit(visit, Doc);
        visit(Name);
        Visit(visit, Decls);
    }
}
