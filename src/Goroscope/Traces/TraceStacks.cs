using Goroscope.Stacks;

namespace Goroscope.Traces;

/// <summary>
/// The stacks of a whole trace, interned: a trace names stacks per generation, and the same stack gets a new id
/// in every generation; here it keeps one id and one <see cref="Stack"/> instance for the whole trace, so memory
/// grows with distinct stacks, not with generations or events. Id 0 is the empty stack.
/// </summary>
public sealed class TraceStacks
{
    private readonly List<Stack> _stacks = [Stack.Empty];
    private readonly List<ulong[]> _pcs = [[]];
    private readonly Dictionary<ulong[], int> _byPcs = new(PcsComparer.Instance) { [[]] = 0 };
    private readonly Dictionary<ulong, Frame> _frames = [];
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public Stack this[int id] => _stacks[id];

    public int Count => _stacks.Count;

    /// <summary>The program counters of stack <paramref name="id"/>, innermost first (pprof output needs them).</summary>
    public IReadOnlyList<ulong> Pcs(int id) => _pcs[id];

    /// <summary>The frame of a pc; a trace gives each pc one function, file and line for the whole run.</summary>
    internal Frame FrameFor(ulong pc, string function, string file, ulong line)
    {
        if (_frames.TryGetValue(pc, out var frame))
            return frame;
        frame = new Frame(Intern(function), Intern(file), (int)Math.Min(line, int.MaxValue));
        _frames[pc] = frame;
        return frame;
    }

    internal int Intern(ulong[] pcs, Func<ulong, Frame> frameOf)
    {
        if (_byPcs.TryGetValue(pcs, out var id))
            return id;
        var frames = new Frame[pcs.Length];
        for (var i = 0; i < pcs.Length; i++)
            frames[i] = frameOf(pcs[i]);
        id = _stacks.Count;
        _stacks.Add(new Stack(frames));
        _pcs.Add(pcs);
        _byPcs[pcs] = id;
        return id;
    }

    internal string Intern(string text)
    {
        if (_strings.TryGetValue(text, out var interned))
            return interned;
        _strings[text] = text;
        return text;
    }

    private sealed class PcsComparer : IEqualityComparer<ulong[]>
    {
        public static readonly PcsComparer Instance = new();

        public bool Equals(ulong[]? x, ulong[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(ulong[] pcs)
        {
            var hash = new HashCode();
            foreach (var pc in pcs)
                hash.Add(pc);
            return hash.ToHashCode();
        }
    }
}
