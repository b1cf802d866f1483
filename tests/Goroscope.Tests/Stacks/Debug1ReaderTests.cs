using Goroscope.Stacks;
using Goroscope.Stacks.Readers;

namespace Goroscope.Tests.Stacks;

public class Debug1ReaderTests
{
    private const string Profile = """
        goroutine profile: total 5
        3 @ 0x43e1c6 0x4084cc 0x4b1f2e 0x46f801
        # labels: {"handler":"orders", "tenant":"a b"}
        #	0x4b1f2d	main.worker+0x4d	/a/main.go:42

        2 @ 0x43e1c6 0x46cb65 0x4b1f8e 0x46f801
        #	0x46cb64	time.Sleep+0x124	/go/src/runtime/time.go:195
        #	0x4b1f8d	main.poll+0x2d		/a/main.go:60

        """;

    [Fact]
    public void Records_carry_counts_frames_and_total()
    {
        var s = Dumps.Read(Profile);
        Assert.Equal(DumpFormat.Debug1, s.Format);
        Assert.Equal(5, s.DeclaredTotal);
        Assert.Equal([3L, 2L], s.Goroutines.Select(g => g.Count));
        Assert.Equal("main.poll /a/main.go:60", s.Goroutines[1].Stack.Frames[1].ToString());
    }

    [Fact]
    public void A_frame_line_cut_before_its_file_is_skipped_with_a_warning()
    {
        var s = Dumps.Read("goroutine profile: total 1\n1 @ 0x43e1c6 0x4b1f2e\n#\t0x4b1f2d\tmain.worker+0x4d\n#\t0x4b1f8d\tmain.run+0x2d\t/a/main.go:60\n");
        Assert.Equal(["main.run"], s.Goroutines[0].Stack.Frames.Select(f => f.Function));
        Assert.Contains("line 3: a malformed frame line (no file:line after the function) was skipped", s.Warnings);
    }

    [Fact]
    public void A_frame_line_whose_file_lost_its_line_number_is_read_with_a_warning()
    {
        var s = Dumps.Read("goroutine profile: total 1\n1 @ 0x43e1c6 0x4b1f2e\n#\t0x4b1f2d\tmain.worker+0x4d\t/a/ma\n");
        Assert.Equal("main.worker /a/ma:0", s.Goroutines[0].Stack.Frames[0].ToString());
        Assert.Contains(s.Warnings, w => w.StartsWith("line 3: a frame line whose file has no line number", StringComparison.Ordinal));
    }

    [Fact]
    public void Labels_line_is_read()
    {
        Assert.Equal([new("handler", "orders"), new("tenant", "a b")], Dumps.Read(Profile).Goroutines[0].Labels);
    }

    [Fact]
    public void State_is_inferred_from_telling_frames()
    {
        Assert.Equal("sleep", Dumps.Read(Profile).Goroutines[1].State.Reason);
    }

    [Fact]
    public void Hidden_runtime_frames_mean_a_channel_wait_or_select()
    {
        var state = Dumps.Read(Profile).Goroutines[0].State;
        Assert.Equal(Debug1Reader.ChanOrSelect, state.Reason);
        Assert.True(state.Inferred);
    }

    [Fact]
    public void Leak_profile_header_marks_every_record_leaked()
    {
        var s = Dumps.Read(Profile.Replace("goroutine profile:", "goroutineleak profile:"));
        Assert.True(s.IsLeakProfile);
        Assert.All(s.Goroutines, g => Assert.True(g.Leaked));
    }

    [Fact]
    public void Total_that_disagrees_with_the_records_is_warned_about()
    {
        var s = Dumps.Read(Profile.Replace("total 5", "total 9"));
        Assert.Contains(s.Warnings, w => w.Contains("declares 9 goroutines but its records hold 5"));
        Assert.True(s.Truncated);
    }

    [Fact]
    public void Two_profiles_in_one_input_are_two_snapshots()
    {
        var all = Dumps.ReadAll(Profile + Profile.Replace("total 5", "total 2").Replace("3 @", "0 @"));
        Assert.Equal(2, all.Count);
        Assert.Equal(2, all[1].GoroutineCount);
    }

    [Fact]
    public void Record_whose_first_frame_is_its_first_pc_was_running()
    {
        var s = Dumps.Read("goroutine profile: total 1\n1 @ 0x68dce2 0x48da61\n#\t0x68dce1\tmain.spin+0x1\t/a/main.go:9\n\n");
        Assert.Equal(StateClass.Running, s.Goroutines[0].State.Class);
    }

    [Fact]
    public void Real_debug1_profile_tells_the_signal_watcher_and_the_profiler()
    {
        var goroutines = Dumps.ReadFile(Paths.Dump("go1.27", "leakzoo.debug1.txt")).Goroutines;
        Assert.Equal("syscall", Assert.Single(goroutines, g => g.Stack.Frames.Any(f => f.Function == "os/signal.loop")).State.Reason);
        Assert.Equal("running", Assert.Single(goroutines, g => g.Stack.Frames.Any(f => f.Function == "main.write")).State.Reason);
    }

    [Fact]
    public void A_call_into_C_is_a_syscall_though_debug1_hides_runtime_cgocall()
    {
        var goroutines = Dumps.ReadFile(Paths.Dump("go1.27", "cgo.debug1.txt")).Goroutines;
        var inC = Assert.Single(goroutines, g => g.Stack.Frames[0].Function == "main._Cfunc_sleep_in_c");
        Assert.Equal((2L, "syscall"), (inC.Count, inC.State.Reason));
    }
}
