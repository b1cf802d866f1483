namespace Goroscope.Stacks;

/// <summary>
/// A goroutine's calls, innermost first. Readers intern stacks: goroutines blocked at the same place share one
/// instance, so memory grows with the number of distinct stacks rather than with the number of goroutines.
/// </summary>
public sealed class Stack
{
    public Stack(IReadOnlyList<Frame> frames, int elidedFrames = 0)
    {
        Frames = frames;
        ElidedFrames = elidedFrames;
    }

    public IReadOnlyList<Frame> Frames { get; }

    /// <summary>
    /// Frames the runtime left out: N for `...N frames elided...` (Go 1.21+), -1 for `...additional frames
    /// elided...` (older runtimes do not say how many), 0 when the stack is whole.
    /// </summary>
    public int ElidedFrames { get; }

    public bool IsElided => ElidedFrames != 0;

    public static Stack Empty { get; } = new([]);
}
