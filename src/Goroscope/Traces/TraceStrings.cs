namespace Goroscope.Traces;

/// <summary>
/// The strings events carry (wait reasons, range and metric names, labels), each given a small id once. Events
/// hold the id, not the string, so a <see cref="TraceEvent"/> holds no reference and copies as plain data — the
/// reader copies every event several times on its way out. Shared by every reader in the process, append-only,
/// and bounded by the number of distinct strings, which in any trace is small.
/// </summary>
public static class TraceStrings
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, int> Ids = new(StringComparer.Ordinal) { [""] = 0 };
    private static string[] _strings = new string[256];
    private static int _count = 1;

    static TraceStrings() => _strings[0] = "";

    public static int Id(string text)
    {
        lock (Gate)
        {
            if (Ids.TryGetValue(text, out var id))
                return id;
            if (_count == _strings.Length)
            {
                var grown = new string[_count * 2];
                Array.Copy(_strings, grown, _count);
                Volatile.Write(ref _strings, grown);
            }
            id = _count++;
            _strings[id] = text;
            Ids[text] = id;
            return id;
        }
    }

    // An id is handed out only after its string is stored, in the current array and every later one.
    public static string Get(int id) => Volatile.Read(ref _strings)[id];
}
