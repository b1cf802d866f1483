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
/// or the local <see cref="Var"/> (a lock local to one function). Fields are named in the root's type, so
/// `(*Server).mu` and `(*Client).mu` differ.
/// </summary>
internal readonly record struct LockId(object Root, string Path)
{
    /// <summary>Whether the lock is named by something a caller can see (receiver, parameter, package-level variable).</summary>
    public bool IsVisibleToCallers => Root is string || Root is Var { IsPackageLevel: true };
}

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
        if (kind is null || IdOf(info, function, selector.X) is not { } id)
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
                return new LockId(RootOf(function, variable), "");
            case SelectorExpr selector when info.Selected(selector) is Var { IsField: true } field:
                return IdOf(info, function, selector.X) is { } owner ? owner with { Path = owner.Path + "." + field.Name } : null;
            case SelectorExpr selector when info.ObjectOf(selector.Sel) is Var { IsPackageLevel: true } global:
                return new LockId(global, "");
            default:
                return null;
        }
    }

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
}
