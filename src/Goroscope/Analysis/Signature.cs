using System.Text;
using Goroscope.Stacks;

namespace Goroscope.Analysis;

/// <summary>
/// What goroutines must share to fall in one bucket. Built only from what is stable across processes and
/// dump formats: function names, files and lines, never ids, addresses or argument values.
/// </summary>
public static class Signature
{
    /// <summary>
    /// The frames that identify a stack across formats: the runtime's own frames at the top (shown by pprof and
    /// GOTRACEBACK=system, hidden by debug=1 and plain tracebacks) and at the bottom (runtime.main, goexit) are left out.
    /// </summary>
    public static IReadOnlyList<Frame> SignificantFrames(IReadOnlyList<Frame> frames)
    {
        var start = 0;
        while (start < frames.Count && GoNames.IsRuntime(frames[start].Package))
            start++;
        var end = frames.Count;
        while (end > start && GoNames.IsRuntime(frames[end - 1].Package))
            end--;
        if (start == end)
            return frames; // wholly the runtime's own (GC workers, idle Ps): keep what there is
        if (start == 0 && end == frames.Count)
            return frames;
        return frames.Skip(start).Take(end - start).ToArray();
    }

    /// <summary>The grouping key of a goroutine, as text (a few hundred bytes; computed once per distinct stack).</summary>
    public static string Key(Grouping grouping, WaitState state, IReadOnlyList<Frame> significant, Frame? createdBy, BlockingSite site)
    {
        var key = new StringBuilder(256);
        switch (grouping)
        {
            case Grouping.Exact:
                key.Append(state.Reason).Append('\n');
                foreach (var frame in significant)
                    key.Append(frame.Function).Append(' ').Append(frame.File).Append(':').Append(frame.Line).Append('\n');
                if (createdBy is not null)
                    key.Append("created by ").Append(createdBy.Function).Append(' ').Append(createdBy.File).Append(':').Append(createdBy.Line);
                break;
            case Grouping.Similar:
                key.Append(state.Reason).Append('\n');
                Frame? previous = null;
                foreach (var frame in significant)
                {
                    if (previous is not null && previous.Function == frame.Function && previous.File == frame.File)
                        continue; // recursion: depth does not make a different code path
                    key.Append(frame.Function).Append(' ').Append(frame.File).Append('\n');
                    previous = frame;
                }
                if (createdBy is not null)
                    key.Append("created by ").Append(createdBy.Function);
                break;
            case Grouping.Loose:
                key.Append(state.Class).Append('\n');
                if (site.Frame is { } blocking)
                    key.Append(blocking.Function).Append(' ').Append(blocking.File).Append(':').Append(blocking.Line).Append('\n');
                if (createdBy is not null)
                    key.Append("created by ").Append(createdBy.Function);
                break;
        }
        return key.ToString();
    }

    /// <summary>A short, stable id for a key: the first 12 hex digits of its FNV-1a 64-bit hash.</summary>
    public static string Id(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash.ToString("x16")[..12];
    }
}
