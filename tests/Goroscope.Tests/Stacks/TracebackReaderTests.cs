using Goroscope.Stacks;
using Goroscope.Stacks.Readers;

namespace Goroscope.Tests.Stacks;

/// <summary>One traceback line shape per test; the shapes and the Go versions that print them are in docs/formats.md.</summary>
public class TracebackReaderTests
{
    private const string Waiting = """
        goroutine 7 [chan receive, 12 minutes, locked to thread]:
        main.worker(0xc000012345?, {0x4d2f80, 0xc0000a0000})
        	/home/u/app/main.go:42 +0x1d
        created by main.main in goroutine 1
        	/home/u/app/main.go:12 +0x85

        """;

    [Fact]
    public void Header_gives_id_reason_minutes_and_lock()
    {
        var g = Dumps.One(Waiting);
        Assert.Equal(7, g.Id);
        Assert.Equal("chan receive", g.State.Reason);
        Assert.Equal(StateClass.Waiting, g.State.Class);
        Assert.Equal(12, g.WaitMinutes);
        Assert.True(g.LockedToThread);
    }

    [Fact]
    public void Frame_keeps_function_file_line_and_offset_but_not_arguments()
    {
        var frame = Assert.Single(Dumps.One(Waiting).Stack.Frames);
        Assert.Equal("main.worker /home/u/app/main.go:42", frame.ToString());
        Assert.Equal(0x1d, frame.Offset);
        Assert.Equal("main", frame.Package);
    }

    [Fact]
    public void Argument_words_are_kept_beside_the_stack_frame_by_frame()
    {
        var g = Dumps.One("""
            goroutine 8 [sync.WaitGroup.Wait]:
            sync.runtime_SemacquireWaitGroup(0x0?, 0x0?)
            	/go/src/runtime/sema.go:114 +0x2e
            sync.(*WaitGroup).Wait(0xc000012345)
            	/go/src/sync/waitgroup.go:206 +0x85
            main.run(...)
            	/a/main.go:20
            main.main()
            	/a/main.go:9 +0x1

            """);
        Assert.Equal(["", "0xc000012345", "", ""], g.Arguments);
        Assert.Equal(0xc000012345UL, ArgumentWords.FirstPointer(g.Arguments[1]));
    }

    [Fact]
    public void Argument_words_all_printed_with_a_question_mark_are_not_kept()
    {
        Assert.Empty(Dumps.One("goroutine 9 [chan send]:\nmain.f(0x0?, {0xc0001?, 0x2?})\n\t/a/main.go:9 +0x1\n").Arguments);
    }

    [Theory]
    [InlineData("x.f(0x1)", true)] // a line shorter than the reader's 16-byte window
    [InlineData("main.fix.box(0x0?)", false)] // the x of names before the words do not count
    [InlineData("main.(*xx).f(0x0?, 0x1, ...)", true)]
    [InlineData("main.f(0x0?, 0x0?, 0x0?, 0xc000012345)", true)] // words longer than the window
    [InlineData("main.f(0x0?, 0x0?, {0x0?, 0x0?}, 0x0?)", false)]
    public void Argument_words_are_kept_when_one_is_printed_without_a_question_mark(string functionLine, bool kept)
    {
        var g = Dumps.One($"goroutine 9 [chan send]:\n{functionLine}\n\t/a/main.go:9 +0x1\n");
        Assert.Equal(kept ? [functionLine[(functionLine.LastIndexOf('(') + 1)..^1]] : [], g.Arguments);
    }

    [Fact]
    public void Goroutines_with_the_same_argument_words_share_one_list()
    {
        var snapshot = Dumps.Read("goroutine 9 [chan send]:\nmain.f(0xc000010000)\n\t/a/main.go:9 +0x1\n\ngoroutine 10 [chan send]:\nmain.f(0xc000010000)\n\t/a/main.go:9 +0x1\n");
        Assert.Same(snapshot.Goroutines[0].Arguments, snapshot.Goroutines[1].Arguments);
    }

    [Fact]
    public void A_header_cut_at_the_end_of_the_input_marks_the_dump_cut()
    {
        var snapshot = Dumps.Read("goroutine 1 [running]:\nmain.main()\n\t/a/main.go:9 +0x1\n\ngoroutine 18 [s");
        Assert.True(snapshot.Truncated);
        Assert.Contains("the dump ends in the middle of a goroutine header: it was cut and later goroutines are missing", snapshot.Warnings);
        Assert.Single(snapshot.Goroutines);
    }

    [Fact]
    public void A_header_with_nothing_after_it_at_the_end_is_a_cut_goroutine()
    {
        var snapshot = Dumps.Read("goroutine 1 [running]:\nmain.main()\n\t/a/main.go:9 +0x1\n\ngoroutine 22 [chan receive]:\n");
        Assert.True(snapshot.Truncated);
        Assert.Contains(snapshot.Warnings, w => w.StartsWith("the dump ends in the middle of goroutine 22", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_line_without_its_function_line_is_a_malformed_frame_and_warned()
    {
        var snapshot = Dumps.Read("goroutine 1 [chan receive]:\nmain.wait()\n\t/a/main.go:5 +0x1\nmain.main\n\t/a/main.go:9 +0x1\n\n");
        Assert.Equal(["main.wait"], snapshot.Goroutines[0].Stack.Frames.Select(f => f.Function));
        Assert.Contains("goroutine 1: 1 malformed frame line(s) skipped", snapshot.Warnings);
    }

    [Fact]
    public void Created_by_cut_before_its_goroutine_number_is_warned()
    {
        var snapshot = Dumps.Read("goroutine 7 [chan send]:\nmain.f()\n\t/a/main.go:5 +0x1\ncreated by main.start in goroutine\n\t/a/main.go:3 +0x2\n\n");
        Assert.Equal("main.start", snapshot.Goroutines[0].CreatedBy!.Function);
        Assert.Contains("goroutine 7: 1 malformed frame line(s) skipped", snapshot.Warnings);
    }

    [Fact]
    public void Created_by_in_goroutine_gives_creator_and_parent_id()
    {
        var g = Dumps.One(Waiting);
        Assert.Equal("main.main /home/u/app/main.go:12", g.CreatedBy!.ToString());
        Assert.Equal(1, g.ParentId);
    }

    [Fact]
    public void Created_by_before_go_1_21_has_no_parent_id()
    {
        var g = Dumps.One("goroutine 5 [select]:\nmain.loop()\n\t/a/main.go:9 +0x1\ncreated by main.start\n\t/a/main.go:3 +0x2\n");
        Assert.Equal("main.start", g.CreatedBy!.Function);
        Assert.Equal(0, g.ParentId);
    }

    [Fact]
    public void Crash_header_with_gp_m_mp_is_a_header()
    {
        var g = Dumps.One("goroutine 1 gp=0xc000002380 m=nil [IO wait]:\nmain.main()\n\t/a/main.go:9 +0x1 fp=0xc0000eb358 sp=0xc0000eb338 pc=0x46bc0e\n");
        Assert.Equal(1, g.Id);
        Assert.Equal("IO wait", g.State.Reason);
        Assert.Equal(9, g.Stack.Frames[0].Line);
        Assert.Equal("/a/main.go", g.Stack.Frames[0].File);
    }

    [Fact]
    public void Header_with_leaked_suffix_marks_runtime_leaked()
    {
        var g = Dumps.One("goroutine 9 [chan send (leaked)]:\nmain.f()\n\t/a/main.go:9 +0x1\n");
        Assert.True(g.Leaked);
        Assert.Equal("chan send", g.State.Reason);
    }

    [Fact]
    public void Nil_chan_suffix_is_part_of_the_reason()
    {
        Assert.Equal("chan receive (nil chan)", Dumps.One("goroutine 9 [chan receive (nil chan)]:\nmain.f()\n\t/a/main.go:9 +0x1\n").State.Reason);
    }

    [Fact]
    public void Durable_and_synctest_bubble_are_read()
    {
        var g = Dumps.One("goroutine 9 [chan receive (durable), synctest bubble 3]:\nmain.f()\n\t/a/main.go:9 +0x1\n");
        Assert.True(g.Durable);
        Assert.Equal(3, g.SyncTestBubble);
        Assert.Equal("chan receive", g.State.Reason);
    }

    [Fact]
    public void Scan_suffix_is_dropped_from_the_reason()
    {
        Assert.Equal("running", Dumps.One("goroutine 9 [running (scan)]:\nmain.f()\n\t/a/main.go:9 +0x1\n").State.Reason);
    }

    [Fact]
    public void Go_1_27_header_labels_are_read_with_quoted_values()
    {
        var g = Dumps.One("goroutine 19 [select (no cases)] {handler: orders, tenant: \"a b, c\"}:\nmain.f()\n\t/a/main.go:9 +0x1\n");
        Assert.Equal("select (no cases)", g.State.Reason);
        Assert.Equal([new("handler", "orders"), new("tenant", "a b, c")], g.Labels);
    }

    [Fact]
    public void Inlined_frame_prints_ellipsis_and_no_offset()
    {
        var g = Dumps.One("goroutine 1 [running]:\nmain.bar(...)\n\t/a/main.go:5\nmain.main()\n\t/a/main.go:9 +0x1d\n");
        Assert.True(g.Stack.Frames[0].Inlined);
        Assert.Equal(-1, g.Stack.Frames[0].Offset);
        Assert.False(g.Stack.Frames[1].Inlined);
    }

    [Fact]
    public void Method_and_generic_names_keep_their_parentheses_and_brackets()
    {
        var g = Dumps.One("goroutine 1 [running]:\nexample.com/m/p.(*Pool[...]).get(0x1?, {0x2, 0x3})\n\t/a/p.go:5 +0x1\n");
        Assert.Equal("example.com/m/p.(*Pool[...]).get", g.Stack.Frames[0].Function);
        Assert.Equal("example.com/m/p", g.Stack.Frames[0].Package);
    }

    [Fact]
    public void New_elision_marker_counts_the_frames_left_out()
    {
        var g = Dumps.One("goroutine 1 [running]:\nmain.r()\n\t/a/main.go:5 +0x1\n...12 frames elided...\nmain.main()\n\t/a/main.go:9 +0x1\n");
        Assert.Equal(12, g.Stack.ElidedFrames);
        Assert.Equal(2, g.Stack.Frames.Count);
    }

    [Fact]
    public void Old_elision_marker_marks_an_unknown_number_left_out()
    {
        var g = Dumps.One("goroutine 1 [running]:\nmain.r()\n\t/a/main.go:5 +0x1\n...additional frames elided...\ncreated by main.main\n\t/a/main.go:9 +0x1\n");
        Assert.Equal(-1, g.Stack.ElidedFrames);
        Assert.Equal("main.main", g.CreatedBy!.Function);
    }

    [Fact]
    public void Ancestor_blocks_give_ids_and_their_frames_stay_out_of_the_stack()
    {
        var g = Dumps.One("""
            goroutine 8 [chan send]:
            main.f()
            	/a/main.go:5 +0x1
            created by main.g in goroutine 6
            	/a/main.go:9 +0x1
            [originating from goroutine 6]:
            main.g(...)
            	/a/main.go:9 +0x1
            [originating from goroutine 1]:
            main.main()
            	/a/main.go:20 +0x1

            """);
        Assert.Equal([6L, 1L], g.AncestorIds);
        Assert.Single(g.Stack.Frames);
    }

    [Fact]
    public void Running_on_other_thread_marks_the_stack_unavailable()
    {
        var g = Dumps.One("goroutine 4 [running]:\n\tgoroutine running on other thread; stack unavailable\ncreated by main.main\n\t/a/main.go:9 +0x1\n");
        Assert.True(g.StackUnavailable);
        Assert.Empty(g.Stack.Frames);
    }

    [Fact]
    public void Cgo_non_go_function_is_one_frame()
    {
        var g = Dumps.One("goroutine 6 [syscall]:\nnon-Go function\n\tnon-Go function at pc=0x7f1e2a3b\nmain._Cfunc_sleep(0x1)\n\t_cgo_gotypes.go:56 +0x45\n");
        Assert.Equal(["non-Go function", "main._Cfunc_sleep"], g.Stack.Frames.Select(f => f.Function));
    }

    [Fact]
    public void Crlf_line_endings_read_like_lf()
    {
        var g = Dumps.One(Waiting.ReplaceLineEndings("\r\n"));
        Assert.Equal("/home/u/app/main.go", g.Stack.Frames[0].File);
        Assert.Equal(1, g.ParentId);
    }

    [Fact]
    public void Indented_dump_reads_like_a_plain_one()
    {
        var indented = string.Join("\n", Waiting.Split('\n').Select(l => "    " + l));
        var g = Dumps.One(indented);
        Assert.Equal(42, g.Stack.Frames[0].Line);
        Assert.Equal("main.main", g.CreatedBy!.Function);
    }

    [Fact]
    public void Log_prefix_with_changing_timestamps_is_stripped()
    {
        var logged = """
            2026/11/23 10:00:01.123 goroutine 7 [chan receive]:
            2026/11/23 10:00:01.124 main.worker()
            2026/11/23 10:00:01.125 	/a/main.go:42 +0x1d
            2026/11/23 10:00:01.126 created by main.main in goroutine 1
            2026/11/23 10:00:01.127 	/a/main.go:12 +0x85
            """;
        var g = Dumps.One(logged);
        Assert.Equal("main.worker /a/main.go:42", g.Stack.Frames[0].ToString());
        Assert.Equal(1, g.ParentId);
    }

    [Fact]
    public void Header_glued_to_preceding_text_is_found()
    {
        var g = Dumps.One("1m10s passed, dumping all stacksgoroutine 1 [running]:\nmain.main()\n\t/a/main.go:9 +0x1\n");
        Assert.Equal(1, g.Id);
        Assert.Equal("main.main", g.Stack.Frames[0].Function);
    }

    [Fact]
    public void Windows_paths_keep_their_drive_letter()
    {
        var g = Dumps.One("goroutine 7 [running]:\nmain.f()\n\tC:/Users/me/app/main.go:13 +0x3e\n");
        Assert.Equal("C:/Users/me/app/main.go", g.Stack.Frames[0].File);
        Assert.Equal(13, g.Stack.Frames[0].Line);
    }

    [Fact]
    public void File_lines_without_indentation_still_read()
    {
        var g = Dumps.One("goroutine 34 [running]:\nmain.f(0x1)\n/a/main.go:271 +0x218 fp=0xc446ec03a8 sp=0xc446ec03a0 pc=0x5035c8\n");
        Assert.Equal(271, g.Stack.Frames[0].Line);
    }

    [Fact]
    public void Runtime_stack_section_is_not_a_goroutine()
    {
        var s = Dumps.Read("fatal error: stack overflow\n\nruntime stack:\nruntime.throw(0x1)\n\t/go/src/runtime/panic.go:1 +0x1\n\ngoroutine 1 [running]:\nmain.main()\n\t/a/main.go:9 +0x1\n");
        var g = Assert.Single(s.Goroutines);
        Assert.Equal("main.main", g.Stack.Frames[0].Function);
    }

    [Fact]
    public void Goroutines_sharing_a_stack_share_one_stack_instance()
    {
        var s = Dumps.Read(Waiting + Waiting.Replace("goroutine 7", "goroutine 8"));
        Assert.Same(s.Goroutines[0].Stack, s.Goroutines[1].Stack);
    }

    [Fact]
    public void Dump_cut_mid_goroutine_is_truncated_with_a_warning()
    {
        var s = Dumps.Read(Waiting + "goroutine 8 [chan send]:\nmain.sender()\n\t/a/main.go:50 +0x1\ncreated by main.main in goroutine 1\n");
        Assert.True(s.Truncated);
        Assert.Equal(2, s.Goroutines.Count);
        Assert.Contains(s.Warnings, w => w.Contains("cut"));
    }

    [Fact]
    public void Dump_of_exactly_64_MiB_is_truncated()
    {
        var block = Waiting;
        var text = new System.Text.StringBuilder();
        var id = 1;
        while (text.Length < TracebackReader.PprofDumpCap - 200)
            text.Append(block.Replace("goroutine 7", $"goroutine {id++}"));
        text.Append(new string('x', (int)(TracebackReader.PprofDumpCap - text.Length)));
        var s = Dumps.Read(text.ToString());
        Assert.True(s.Truncated);
        Assert.Contains(s.Warnings, w => w.Contains("64 MiB"));
    }

    [Fact]
    public void Second_dump_after_other_text_repeating_ids_is_a_second_snapshot()
    {
        var all = Dumps.ReadAll(Waiting + "SIGQUIT: quit\nPC=0x47664e m=0 sigcode=128\n\n" + Waiting.Replace("12 minutes", "13 minutes"));
        Assert.Equal(2, all.Count);
        Assert.Equal(13, Assert.Single(all[1].Goroutines).WaitMinutes);
    }

    [Fact]
    public void Log_lines_between_goroutines_with_new_ids_stay_in_one_snapshot()
    {
        var text = string.Concat(Enumerable.Range(1, 5000).Select(id => $"2026/11/23 10:00:00 worker {id} idle\n" + Waiting.Replace("goroutine 7", $"goroutine {id}")));
        Assert.Equal(5000, Dumps.Read(text).Goroutines.Count);
    }

    [Fact]
    public void Dump_starting_again_with_its_first_goroutine_is_a_second_snapshot()
    {
        var second = Waiting.Replace("12 minutes", "13 minutes");
        var all = Dumps.ReadAll(Waiting + Waiting.Replace("goroutine 7", "goroutine 8") + second);
        Assert.Equal([2, 1], all.Select(s => s.Goroutines.Count));
        Assert.Equal(13, all[1].Goroutines[0].WaitMinutes);
    }

    [Fact]
    public void Repeated_id_other_than_the_first_stays_in_one_snapshot()
    {
        // Crash output can print a goroutine twice (golang/go#7725); that is no second dump.
        var eight = Waiting.Replace("goroutine 7", "goroutine 8");
        Assert.Equal(3, Dumps.Read(Waiting + eight + eight).Goroutines.Count);
    }

    [Fact]
    public void Text_interleaved_in_a_goroutine_is_skipped_with_a_warning()
    {
        var s = Dumps.Read("goroutine 4 [running]:\nruntime.panic(0x1)\n[12/01/14 20:19:04.626520] [INFO] YYY\n\t/go/src/pkg/runtime/panic.c:266 +0xb6\nmain.f()\n\t/a/main.go:9 +0x28\n");
        var g = Assert.Single(s.Goroutines);
        Assert.Equal(["runtime.panic", "main.f"], g.Stack.Frames.Select(f => f.Function));
    }

    [Fact]
    public void Text_that_is_no_dump_is_refused_in_one_line()
    {
        var e = Assert.Throws<Goroscope.Stacks.Readers.DumpReadException>(() => Dumps.Read("hello\nworld\n"));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("no goroutine", e.Message);
    }
}
