using System.Runtime.CompilerServices;
using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Flow;

internal enum LockMode
{
    Write,
    Read,
}

/// <summary>
/// A lock named by its root and field path. The root is "recv T" for the receiver of a method of T (so `s.mu`
/// is one lock in every method of T), "param N" for a parameter, the package-level <see cref="Var"/> itself,
/// or the local <see cref="Var"/> (a lock local to one function; a local that copies a pointer once names what the
/// pointer names: `s := r.store` makes `s.mu` the lock `r.store.mu`). Fields are named in the root's type, so
/// `(*Server).mu` and `(*Client).mu` differ. An element of a map, slice or array is named by its key: a constant as
/// written, a local variable as `[name#position]` (see <see cref="HasLocalKey"/>).
/// </summary>
internal readonly record struct LockId(object Root, string Path)
{
    /// <summary>Whether the lock is named by something a caller can see (receiver, parameter, package-level variable).</summary>
    public bool IsVisibleToCallers => !HasLocalKey && (Root is string || Root is Var { IsPackageLevel: true });

    /// <summary>Whether the path goes through an element chosen by a local variable, which means nothing outside the function.</summary>
    public bool HasLocalKey => Path.Contains('#');

    /// <summary>Whether the path goes through the element a local variable chooses (`m[k]`, `locks[i]`).</summary>
    public bool IsKeyedBy(Var key) => key.Declaration is { } name && Path.Contains($"[{key.Name}#{name.Pos}]", StringComparison.Ordinal);
}

/// <summary>
/// A lock named by the named struct type that declares its mutex field and the field path from there
/// (`Store.coalescedMu`, `Server.Mutex` for an embedded one, `Cache.mu.RWMutex` through an unnamed struct field):
/// the same for every instance of the type, whichever variable, field or map element reaches it.
/// </summary>
internal readonly record struct LockField(string Owner, string Path);

/// <summary>One Lock/Unlock/RLock/RUnlock call on a sync.Mutex or sync.RWMutex; <see cref="Text"/> is the lock as the source writes it.</summary>
internal sealed record LockOp(LockId Lock, LockMode Mode, bool Acquires, CallExpr Call, string Text);

/// <summary>Recognises lock operations and names locks through the resolved types.</summary>
internal static class Locks
{
    /// <summary>The lock operation a call performs, or null when it is none (or the lock cannot be named).</summary>
    public static LockOp? OpOf(TypeInfo info, FuncDecl? function, CallExpr call)
    {
        if (Syntax.Unparen(call.Fun) is not SelectorExpr { Sel.Name: "Lock" or "Unlock" or "RLock" or "RUnlock" } selector || call.Args.Count != 0)
            return null;
        if (info.Callee(call) is not { Package.Path: "sync" } method || method.Signature?.Receiver?.Type is not { } receiver)
            return null;
        var mutex = Types.Deref(receiver);
        var kind = Types.IsNamed(mutex, "sync", "Mutex") ? "Mutex" : Types.IsNamed(mutex, "sync", "RWMutex") ? "RWMutex" : null;
        if (kind is null || (IdOf(info, function, selector.X) ?? ElementIdOf(info, function, selector.X)) is not { } id)
            return null;
        // s.Lock() on a struct that embeds the mutex names the same lock as s.Mutex.Lock().
        var embedded = !Types.IsNamedOrPointerTo(info.TypeOf(selector.X), "sync", kind);
        var name = selector.Sel.Name;
        return new LockOp(
            embedded ? id with { Path = id.Path + "." + kind } : id,
            name is "RLock" or "RUnlock" ? LockMode.Read : LockMode.Write,
            name is "Lock" or "RLock",
            call,
            Syntax.OperandKey(selector.X) ?? "the lock");
    }

    /// <summary>The lock an expression names: a variable, or fields of one; null for anything else (an index, a call).</summary>
    public static LockId? IdOf(TypeInfo info, FuncDecl? function, Expr expr)
    {
        switch (Syntax.Unparen(expr))
        {
            case StarExpr star:
                return IdOf(info, function, star.X);
            case UnaryExpr { Op: Token.And } address:
                return IdOf(info, function, address.X);
            case Ident ident when info.ObjectOf(ident) is Var variable:
                return PointerCopied(info, function, variable) is { } source && IdOf(info, function, source) is { } pointee
                    ? pointee
                    : new LockId(RootOf(function, variable), "");
            case SelectorExpr selector when info.Selected(selector) is Var { IsField: true } field:
                return IdOf(info, function, selector.X) is { } owner ? owner with { Path = owner.Path + "." + field.Name } : null;
            case SelectorExpr selector when info.ObjectOf(selector.Sel) is Var { IsPackageLevel: true } global:
                return new LockId(global, "");
            default:
                return null;
        }
    }

    /// <summary>
    /// A mutex reached through an element of a map, slice or array (`l.m[key]`, `locks[i]`, `conns[id].mu`, or a local
    /// given such an element's pointer once): the element named by its key, when the key is a constant or a local
    /// variable. Only locks are named this way; a channel element stays unnamed.
    /// </summary>
    private static LockId? ElementIdOf(TypeInfo info, FuncDecl? function, Expr expr)
    {
        switch (Syntax.Unparen(expr))
        {
            case StarExpr star:
                return ElementIdOf(info, function, star.X);
            case UnaryExpr { Op: Token.And } address:
                return ElementIdOf(info, function, address.X);
            case IndexExpr element when KeyOf(info, element.Index) is { } key
                && (IdOf(info, function, element.X) ?? ElementIdOf(info, function, element.X)) is { } collection:
                return collection with { Path = collection.Path + "[" + key + "]" };
            case SelectorExpr selector when info.Selected(selector) is Var { IsField: true } field:
                return ElementIdOf(info, function, selector.X) is { } owner ? owner with { Path = owner.Path + "." + field.Name } : null;
            case Ident ident when info.ObjectOf(ident) is Var { IsPackageLevel: false, IsField: false } variable
                && Types.Unalias(variable.Type) is PointerType && SingleValue(info, function, variable) is { } value
                && Syntax.Unparen(value) is IndexExpr:
                return ElementIdOf(info, function, value);
            default:
                return null;
        }
    }

    /// <summary>
    /// A lock of a local named by the element it was given once (`held, ok := t.users[id]` makes `held` the lock
    /// `t.users[id]`), for comparing instances; <see cref="IdOf"/> keeps naming it by the local, as callees' locks are
    /// translated to it.
    /// </summary>
    public static LockId ThroughElement(TypeInfo info, FuncDecl? function, LockId id) =>
        id.Root is Var { IsPackageLevel: false, IsField: false, Declaration: { } name } local && Types.Unalias(local.Type) is PointerType
        && SingleValue(info, function, local) is { } value && Syntax.Unparen(value) is IndexExpr && ElementIdOf(info, function, value) is { } element
            ? element with { Path = element.Path + id.Path }
            : id;

    private static string? KeyOf(TypeInfo info, Expr index) => Syntax.Unparen(index) switch
    {
        BasicLit literal => literal.Value,
        Ident ident when info.ObjectOf(ident) is Var { IsPackageLevel: false, IsField: false, Declaration: { } name } key => $"{key.Name}#{name.Pos}",
        _ => null,
    };

    private static object RootOf(FuncDecl? function, Var variable)
    {
        if (function?.Recv is { List: [{ Names: [var receiver] }] } && ReferenceEquals(variable.Declaration, receiver))
            return "recv " + Types.Deref(variable.Type);
        var index = 0;
        foreach (var field in function?.Type.Params.List ?? [])
        {
            foreach (var name in field.Names)
            {
                if (ReferenceEquals(variable.Declaration, name))
                    return "param " + index;
                index++;
            }
        }
        return variable;
    }

    /// <summary>
    /// The type and field path of the mutex a Lock/Unlock call works on, or null when the mutex is not a field of a
    /// named struct type (a variable of type sync.Mutex, an element of a local map of mutexes). An element of a field
    /// that is a map or slice of mutexes is the field with `[]`: every element of it shares the key.
    /// </summary>
    /// <param name="function">The function the call is in: a local it gives a field's or an element's pointer once
    /// (`held, ok := t.users[id]`) names that mutex.</param>
    public static LockField? FieldOf(TypeInfo info, CallExpr lockCall, FuncDecl? function = null)
    {
        if (Syntax.Unparen(lockCall.Fun) is not SelectorExpr selector)
            return null;
        var operand = Operand(selector.X);
        if (operand is Ident ident && info.ObjectOf(ident) is Var { IsPackageLevel: false, IsField: false } local && Types.Unalias(local.Type) is PointerType
            && SingleValue(info, function, local) is { } value && Syntax.Unparen(value) is SelectorExpr or IndexExpr or UnaryExpr { Op: Token.And })
            operand = Operand(value);
        if (info.TypeOf(operand) is not { } type)
            return null;
        // s.Lock() on a struct that embeds the mutex: the embedded field is the lock.
        if (!Types.IsNamedOrPointerTo(type, "sync", "Mutex") && !Types.IsNamedOrPointerTo(type, "sync", "RWMutex"))
        {
            var mutex = info.Callee(lockCall)?.Signature?.Receiver?.Type is { } receiver ? Types.Deref(receiver) : null;
            return Types.IsNamed(mutex, "sync", "Mutex") ? OwnedBy(info, operand, "Mutex")
                : Types.IsNamed(mutex, "sync", "RWMutex") ? OwnedBy(info, operand, "RWMutex") : null;
        }
        return operand switch
        {
            SelectorExpr field when info.Selected(field) is Var { IsField: true } => OwnedBy(info, Operand(field.X), field.Sel.Name),
            // An element of a map or slice of mutexes held in a field: `l.m[key]` is `keyedLocks.m[]`.
            IndexExpr { X: SelectorExpr field } when info.Selected(field) is Var { IsField: true } => OwnedBy(info, Operand(field.X), field.Sel.Name + "[]"),
            _ => null,
        };
    }

    // The field path from the nearest named struct type going up from `owner` (through fields of unnamed struct types).
    private static LockField? OwnedBy(TypeInfo info, Expr owner, string path)
    {
        if (info.TypeOf(owner) is not { } type)
            return null;
        if (Types.Unalias(Types.Deref(type)) is NamedType named)
            return named.Package?.Path == "sync" ? null : new LockField(named.Origin.Package?.Path + "." + named.Name, path);
        return owner is SelectorExpr field && info.Selected(field) is Var { IsField: true } ? OwnedBy(info, Operand(field.X), field.Sel.Name + "." + path) : null;
    }

    private static Expr Operand(Expr expr) => Syntax.Unparen(expr) switch
    {
        StarExpr star => Operand(star.X),
        UnaryExpr { Op: Token.And } address => Operand(address.X),
        var other => other,
    };

    private static readonly ConditionalWeakTable<Var, StrongBox<Expr?>> SingleValues = new();

    // A local holding a pointer it was given once (`s := r.store`) and never assigned again nor addressed points where
    // that expression points: its locks are the expression's locks (a copy of a struct value would be another mutex).
    private static Expr? PointerCopied(TypeInfo info, FuncDecl? function, Var variable) =>
        !variable.IsPackageLevel && !variable.IsField && Types.Unalias(variable.Type) is PointerType
        && SingleValue(info, function, variable) is { } value && Syntax.Unparen(value) is SelectorExpr or Ident
            ? value
            : null;

    // The one value a local of the function is given at its declaration, when nothing assigns it again or takes its address.
    private static Expr? SingleValue(TypeInfo info, FuncDecl? function, Var variable)
    {
        if (function?.Body is not { } body || variable.Declaration is not { } name || !Syntax.Within(name, body))
            return null;
        return SingleValues.GetValue(variable, _ => new StrongBox<Expr?>(FindSingleValue(info, body, variable, name))).Value;
    }

    private static Expr? FindSingleValue(TypeInfo info, BlockStmt body, Var variable, Ident name)
    {
        Expr? value = null;
        var changed = false;
        bool Is(Expr? e) => e is not null && Syntax.Unparen(e) is Ident use && ReferenceEquals(info.ObjectOf(use), variable);
        Walker.Inspect(body, n =>
        {
            switch (n)
            {
                case AssignStmt assign:
                    for (var i = 0; i < assign.Lhs.Count; i++)
                    {
                        if (ReferenceEquals(assign.Lhs[i], name) && assign.Tok == Token.Define && assign.Lhs.Count == assign.Rhs.Count)
                            value = assign.Rhs[i];
                        // The element of a comma-ok lookup: `v, ok := m[k]`.
                        else if (i == 0 && ReferenceEquals(assign.Lhs[i], name) && assign.Tok == Token.Define && assign is { Lhs.Count: 2, Rhs: [IndexExpr lookup] })
                            value = lookup;
                        else if (!ReferenceEquals(assign.Lhs[i], name) && Is(assign.Lhs[i]))
                            changed = true;
                    }
                    break;
                case ValueSpec spec:
                    for (var i = 0; i < spec.Names.Count; i++)
                        if (ReferenceEquals(spec.Names[i], name) && spec.Names.Count == spec.Values.Count)
                            value = spec.Values[i];
                    break;
                case UnaryExpr { Op: Token.And } address when Is(address.X):
                case RangeStmt range when Is(range.Key) || Is(range.Value):
                    changed = true;
                    break;
            }
            return !changed;
        });
        return changed ? null : value;
    }
}
