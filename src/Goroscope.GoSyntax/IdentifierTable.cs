using System.Text;

namespace Goroscope.GoSyntax;

/// <summary>
/// Interns identifier spellings so each distinct name is allocated once per thread, and
/// classifies keywords in the same probe.
/// </summary>
internal sealed class IdentifierTable
{
    private const int MaxEntries = 1 << 16; // start over rather than grow without bound

    [ThreadStatic]
    private static IdentifierTable? current;

    private Entry[] entries = new Entry[4096];
    private int count;

    private IdentifierTable()
    {
        AddKeywords();
    }

    public static IdentifierTable ForCurrentThread() => current ??= new IdentifierTable();

    public (string Name, Token Token) Lookup(ReadOnlySpan<byte> spelling)
    {
        var hash = Hash(spelling);
        var mask = entries.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            ref var entry = ref entries[i];
            if (entry.Name is null)
            {
                return Add(spelling, hash);
            }
            if (entry.Hash == hash && SameAscii(entry.Name, spelling))
            {
                return (entry.Name, entry.Token);
            }
        }
    }

    private (string, Token) Add(ReadOnlySpan<byte> spelling, int hash)
    {
        var name = Encoding.UTF8.GetString(spelling);
        if (name.Length != spelling.Length)
        {
            return (name, Token.Ident); // non-ASCII names are rare: not interned, never keywords
        }
        if (count >= MaxEntries)
        {
            entries = new Entry[4096];
            count = 0;
            AddKeywords();
        }
        Insert(name, hash, Token.Ident);
        return (name, Token.Ident);
    }

    private void AddKeywords()
    {
        foreach (var keyword in Tokens.Keywords())
        {
            var text = keyword.Text();
            Insert(text, Hash(Encoding.ASCII.GetBytes(text)), keyword);
        }
    }

    private void Insert(string name, int hash, Token token)
    {
        if (2 * (count + 1) > entries.Length)
        {
            var old = entries;
            entries = new Entry[old.Length * 2];
            foreach (var e in old)
            {
                if (e.Name is not null)
                {
                    Place(e);
                }
            }
        }
        Place(new Entry(name, hash, token));
        count++;
    }

    private void Place(Entry entry)
    {
        var mask = entries.Length - 1;
        var i = entry.Hash & mask;
        while (entries[i].Name is not null)
        {
            i = (i + 1) & mask;
        }
        entries[i] = entry;
    }

    private static int Hash(ReadOnlySpan<byte> s)
    {
        var h = 2166136261u;
        foreach (var b in s)
        {
            h = (h ^ b) * 16777619u;
        }
        return (int)(h & 0x7FFFFFFF);
    }

    private static bool SameAscii(string name, ReadOnlySpan<byte> spelling)
    {
        if (name.Length != spelling.Length)
        {
            return false;
        }
        for (var i = 0; i < spelling.Length; i++)
        {
            if (name[i] != spelling[i])
            {
                return false;
            }
        }
        return true;
    }

    private readonly record struct Entry(string Name, int Hash, Token Token);
}
