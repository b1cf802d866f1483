using System.Runtime.CompilerServices;
using System.Text;

namespace Goroscope.Stacks.Readers;

/// <summary>
/// Turns the byte spans of a dump into shared strings, frames and stacks, so that 400k goroutines blocked at
/// twenty places cost twenty stacks. One interner serves one read; it is not thread-safe.
/// </summary>
internal sealed class Interner
{
    private readonly Dictionary<int, StringEntry> _strings = [];
    private readonly Dictionary<Frame, Frame> _frames = [];
    private readonly Dictionary<int, StackEntry> _stacks = [];
    private readonly Dictionary<ulong, FrameEntry> _framesByText = [];
    private readonly Dictionary<string, WaitState> _states = [];
    private readonly Dictionary<int, ArgumentsEntry> _argumentLists = [];

    public string String(ReadOnlySpan<byte> bytes)
    {
        var hash = Hash(bytes);
        if (_strings.TryGetValue(hash, out var entry))
        {
            for (var e = entry; e is not null; e = e.Next)
                if (bytes.SequenceEqual(e.Bytes))
                    return e.Value;
        }
        var value = Encoding.UTF8.GetString(bytes);
        _strings[hash] = new StringEntry(bytes.ToArray(), value, entry);
        return value;
    }

    public string String(string value) => String(Encoding.UTF8.GetBytes(value));

    /// <summary>One shared state per printed wait reason.</summary>
    public WaitState WaitState(ReadOnlySpan<byte> reason)
    {
        var text = String(reason);
        if (!_states.TryGetValue(text, out var state))
            _states.Add(text, state = Goroscope.Stacks.WaitState.FromPrinted(text));
        return state;
    }

    public Frame Frame(Frame frame)
    {
        if (_frames.TryGetValue(frame, out var existing))
            return existing;
        _frames.Add(frame, frame);
        return frame;
    }

    /// <summary>
    /// The frame a dump printed as these bytes before (function name, inlining mark and file line), if any:
    /// a frame seen again costs one hash and one compare instead of parsing and two string look-ups.
    /// </summary>
    public Frame? FrameByText(ReadOnlySpan<byte> text, out ulong hash)
    {
        hash = Hash64(text);
        if (_framesByText.TryGetValue(hash, out var entry))
            for (var e = entry; e is not null; e = e.Next)
                if (text.SequenceEqual(e.Text))
                    return e.Frame;
        return null;
    }

    public void AddFrameByText(ReadOnlySpan<byte> text, ulong hash, Frame frame)
    {
        _framesByText.TryGetValue(hash, out var chain);
        _framesByText[hash] = new FrameEntry(text.ToArray(), frame, chain);
    }

    /// <summary>
    /// A goroutine's argument words, frame by frame ("" where a frame printed no certain word), shared with every
    /// goroutine that printed the same ones.
    /// </summary>
    /// <param name="certain">The frames with certain words, in order, and those words (interned strings).</param>
    public IReadOnlyList<string> ArgumentList(List<(int Frame, string Words)> certain, int frameCount)
    {
        var hash = new HashCode();
        hash.Add(frameCount);
        foreach (var (frame, words) in certain)
        {
            hash.Add(frame);
            hash.Add(RuntimeHelpers.GetHashCode(words));
        }
        var key = hash.ToHashCode();
        _argumentLists.TryGetValue(key, out var chain);
        for (var e = chain; e is not null; e = e.Next)
            if (e.Arguments.Length == frameCount && SameWords(e.Arguments, certain))
                return e.Arguments;
        var list = new string[frameCount];
        Array.Fill(list, "");
        foreach (var (frame, words) in certain)
            list[frame] = words;
        _argumentLists[key] = new ArgumentsEntry(list, chain);
        return list;
    }

    /// <summary>Whether the list holds exactly these certain words (every other frame's entry is "").</summary>
    private static bool SameWords(string[] list, List<(int Frame, string Words)> certain)
    {
        var next = 0;
        for (var i = 0; i < list.Length; i++)
        {
            var expected = next < certain.Count && certain[next].Frame == i ? certain[next++].Words : "";
            if (!ReferenceEquals(list[i], expected) && !(expected.Length == 0 && list[i].Length == 0))
                return false;
        }
        return true;
    }

    /// <summary>The shared stack for these frames (compared by frame identity, which interning makes exact).</summary>
    public Stack Stack(List<Frame> frames, int elidedFrames)
    {
        var hash = new HashCode();
        foreach (var frame in frames)
            hash.Add(RuntimeHelpers.GetHashCode(frame));
        hash.Add(elidedFrames);
        var key = hash.ToHashCode();
        _stacks.TryGetValue(key, out var chain);
        for (var e = chain; e is not null; e = e.Next)
            if (e.Stack.ElidedFrames == elidedFrames && SameFrames(e.Stack.Frames, frames))
                return e.Stack;
        var stack = new Stack(frames.ToArray(), elidedFrames);
        _stacks[key] = new StackEntry(stack, chain);
        return stack;
    }

    private static bool SameFrames(IReadOnlyList<Frame> a, List<Frame> b)
    {
        if (a.Count != b.Count)
            return false;
        for (var i = 0; i < a.Count; i++)
            if (!ReferenceEquals(a[i], b[i]))
                return false;
        return true;
    }

    private static ulong Hash64(ReadOnlySpan<byte> bytes) => System.IO.Hashing.XxHash3.HashToUInt64(bytes);

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    private sealed record StringEntry(byte[] Bytes, string Value, StringEntry? Next);

    private sealed record FrameEntry(byte[] Text, Frame Frame, FrameEntry? Next);

    private sealed record StackEntry(Stack Stack, StackEntry? Next);

    private sealed record ArgumentsEntry(string[] Arguments, ArgumentsEntry? Next);
}
