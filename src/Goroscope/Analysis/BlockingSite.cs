using Goroscope.Stacks;

namespace Goroscope.Analysis;

/// <summary>
/// Where a goroutine is stuck, in terms the user can act on: the innermost frame in their own code (not the
/// Go distribution's runtime, sync, net... packages). When the whole stack is the distribution's, the goroutine
/// was started by the distribution itself, and its outermost frame above the plumbing (runtime, internal, sync,
/// syscall, net, io, bufio, os, time) names it best, with <see cref="InUserCode"/> false:
/// `net/http.(*conn).serve` rather than `internal/poll.runtime_pollWait`.
/// </summary>
public readonly record struct BlockingSite(Frame? Frame, bool InUserCode)
{
    public static BlockingSite Of(IReadOnlyList<Frame> frames)
    {
        foreach (var frame in frames)
            if (!GoNames.IsStandardPackage(frame.Package))
                return new BlockingSite(frame, true);
        for (var i = frames.Count - 1; i >= 0; i--)
            if (!IsPlumbing(frames[i].Package))
                return new BlockingSite(frames[i], false);
        foreach (var frame in frames)
            if (!GoNames.IsRuntime(frame.Package))
                return new BlockingSite(frame, false);
        return new BlockingSite(frames.Count > 0 ? frames[0] : null, false);
    }

    private static bool IsPlumbing(string package) =>
        GoNames.IsRuntime(package) || package.StartsWith("internal/", StringComparison.Ordinal)
        || package is "sync" or "syscall" or "net" or "io" or "bufio" or "os" or "time";
}
