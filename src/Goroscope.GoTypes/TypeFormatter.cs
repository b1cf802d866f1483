using System.Globalization;
using System.Text;

namespace Goroscope.GoTypes;

/// <summary>Prints types as go/types' TypeString does with no qualifier: package paths in full ("*net/http.Response").</summary>
internal static class TypeFormatter
{
    public static string Format(GoType type)
    {
        var sb = new StringBuilder();
        Write(sb, type, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, GoType type, int depth)
    {
        if (depth > 32)
        {
            sb.Append('…');
            return;
        }
        var d = depth + 1;
        switch (type)
        {
            case UnknownType:
                sb.Append('?');
                break;
            case BasicType b:
                sb.Append(b.Name);
                break;
            case PointerType p:
                sb.Append('*');
                Write(sb, p.Elem, d);
                break;
            case SliceType s:
                sb.Append("[]");
                Write(sb, s.Elem, d);
                break;
            case ArrayType a:
                sb.Append('[').Append(a.Length.ToString(CultureInfo.InvariantCulture)).Append(']');
                Write(sb, a.Elem, d);
                break;
            case MapType m:
                sb.Append("map[");
                Write(sb, m.Key, d);
                sb.Append(']');
                Write(sb, m.Value, d);
                break;
            case ChanType c:
                sb.Append(c.Direction switch { ChanDirection.SendOnly => "chan<- ", ChanDirection.RecvOnly => "<-chan ", _ => "chan " });
                // chan (<-chan int): parenthesized so the arrow does not bind to the outer chan.
                var paren = c.Direction == ChanDirection.Both && c.Elem is ChanType { Direction: ChanDirection.RecvOnly };
                sb.Append(paren ? "(" : "");
                Write(sb, c.Elem, d);
                sb.Append(paren ? ")" : "");
                break;
            case StructType s:
                sb.Append("struct{");
                for (var i = 0; i < s.Fields.Count; i++)
                {
                    sb.Append(i > 0 ? "; " : "");
                    var f = s.Fields[i];
                    if (!f.IsEmbedded)
                    {
                        sb.Append(f.Name).Append(' ');
                    }
                    Write(sb, f.Type, d);
                    if (s.Tags[i] is { } tag)
                    {
                        sb.Append(' ').Append(Quote(tag));
                    }
                }
                sb.Append('}');
                break;
            case TupleType t:
                WriteTuple(sb, t, false, d);
                break;
            case Signature s:
                sb.Append("func");
                WriteSignature(sb, s, d);
                break;
            case InterfaceType i:
                WriteInterface(sb, i, d);
                break;
            case NamedType n:
                WriteObjectName(sb, n.Obj);
                WriteTypeArgs(sb, n.TypeArgs, d);
                break;
            case AliasType a:
                WriteObjectName(sb, a.Obj);
                break;
            case TypeParam p:
                sb.Append(p.Name);
                break;
        }
    }

    private static void WriteObjectName(StringBuilder sb, TypeName obj)
    {
        if (obj.Package is { } package)
        {
            sb.Append(package.Path).Append('.');
        }
        sb.Append(obj.Name);
    }

    private static void WriteTypeArgs(StringBuilder sb, IReadOnlyList<GoType> args, int depth)
    {
        if (args.Count == 0)
        {
            return;
        }
        sb.Append('[');
        for (var i = 0; i < args.Count; i++)
        {
            sb.Append(i > 0 ? ", " : "");
            Write(sb, args[i], depth);
        }
        sb.Append(']');
    }

    private static void WriteSignature(StringBuilder sb, Signature s, int depth)
    {
        WriteTuple(sb, s.Params, s.Variadic, depth);
        if (s.Results.Count == 0)
        {
            return;
        }
        sb.Append(' ');
        if (s.Results.Count == 1 && s.Results.Vars[0].Name.Length == 0)
        {
            Write(sb, s.Results[0], depth);
            return;
        }
        WriteTuple(sb, s.Results, false, depth);
    }

    private static void WriteTuple(StringBuilder sb, TupleType t, bool variadic, int depth)
    {
        sb.Append('(');
        for (var i = 0; i < t.Count; i++)
        {
            sb.Append(i > 0 ? ", " : "");
            var v = t.Vars[i];
            if (v.Name.Length > 0)
            {
                sb.Append(v.Name).Append(' ');
            }
            if (variadic && i == t.Count - 1 && v.Type is SliceType slice)
            {
                sb.Append("...");
                Write(sb, slice.Elem, depth);
            }
            else
            {
                Write(sb, v.Type, depth);
            }
        }
        sb.Append(')');
    }

    private static void WriteInterface(StringBuilder sb, InterfaceType i, int depth)
    {
        sb.Append("interface{");
        var first = true;
        foreach (var m in i.ExplicitMethods.OrderBy(Types.Id, StringComparer.Ordinal))
        {
            sb.Append(first ? "" : "; ").Append(m.Name);
            first = false;
            if (m.Type is Signature s)
            {
                WriteSignature(sb, s, depth);
            }
        }
        foreach (var e in i.Embedded)
        {
            sb.Append(first ? "" : "; ");
            first = false;
            Write(sb, e, depth);
        }
        sb.Append('}');
    }

    // strconv.Quote for the ASCII printable tags Go code uses; other characters as \u escapes.
    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when c < 0x20 || c == 0x7f => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}
