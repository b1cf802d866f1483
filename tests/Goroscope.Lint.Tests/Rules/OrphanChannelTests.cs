using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class OrphanChannelTests
{
    [Fact]
    public void Field_sent_on_and_never_received_is_reported_at_the_send_with_the_make_related()
    {
        var found = LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            type W struct{ events chan string }

            func newW() *W { return &W{events: make(chan string)} }

            func (w *W) emit(e string) {
            	w.events <- e // want "orphan-channel"
            }
            """);
        Assert.Equal([5], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Send_through_a_helper_the_channel_is_passed_to_counts_as_the_callers_send()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            func send(ch chan<- int, v int) {
            	ch <- v // want "orphan-channel"
            }

            func start() {
            	ch := make(chan int)
            	go send(ch, 1)
            }
            """);
    }

    [Fact]
    public void Receive_in_a_helper_the_channel_is_passed_to_is_a_receiver()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            func recv(ch <-chan int) int { return <-ch }

            func start() int {
            	ch := make(chan int)
            	go func() { ch <- 1 }()
            	return recv(ch)
            }
            """);
    }

    [Fact]
    public void Receive_from_a_channel_only_closed_is_not_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            func start(work func()) {
            	done := make(chan struct{})
            	go func() {
            		work()
            		close(done)
            	}()
            	<-done
            }
            """);
    }

    [Fact]
    public void Channel_returned_exported_or_passed_outside_the_package_is_not_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            import (
            	"os"
            	"os/signal"
            )

            type W struct {
            	Events chan string
            	errs   chan error
            	sigs   chan os.Signal
            }

            func newW() *W {
            	w := &W{Events: make(chan string), errs: make(chan error), sigs: make(chan os.Signal)}
            	signal.Notify(w.sigs, os.Interrupt)
            	return w
            }

            func (w *W) Errors() <-chan error { return w.errs }

            func (w *W) run() {
            	w.Events <- "start"
            	w.errs <- nil
            	<-w.sigs
            }
            """);
    }

    [Fact]
    public void Non_blocking_send_and_a_single_buffered_send_are_not_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            type W struct {
            	kick chan struct{}
            	errc chan error
            }

            func newW() *W { return &W{kick: make(chan struct{}), errc: make(chan error, 1)} }

            func (w *W) poke(err error) {
            	select {
            	case w.kick <- struct{}{}:
            	default:
            	}
            	w.errc <- err
            }
            """);
    }

    [Fact]
    public void Field_of_two_types_with_one_name_are_two_channels()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            type A struct{ ch chan int }
            type B struct{ ch chan int }

            func run() {
            	a := &A{ch: make(chan int)}
            	b := &B{ch: make(chan int)}
            	go func() { a.ch <- 1 }()
            	<-a.ch
            	<-b.ch // want "orphan-channel"
            }
            """);
    }

    [Fact]
    public void Channel_an_expression_of_unknown_type_may_name_is_not_reported()
    {
        // platformInput is declared only in a file for another platform: the `reply` it sends on may be this field.
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            type input struct{ reply chan error }

            func add() error {
            	in := &input{reply: make(chan error)}
            	go serve(in)
            	return <-in.reply
            }

            func serve(in *input) { reply(platformInput(in)) }

            func reply(in *platformInput) { in.reply <- nil }
            """);
    }

    private static readonly Lazy<TypeResolution> Types = new(() => new TypeResolution());

    [Fact]
    public void Channel_passed_as_an_interface_to_a_function_of_another_file_escapes()
    {
        var caller = """
            package p

            func start() {
            	ch := make(chan int)
            	keep(ch)
            	go func() { ch <- 1 }()
            }
            """;
        // The callee's parameter lies past the end of a.go: the escape is told in the caller's file, at the argument.
        var callee = "package p\n\n" + string.Concat(Enumerable.Repeat("// padding the file past the caller's length\n", 10)) + "func keep(v any) {}\n";
        LintTest.CheckFiles(OrphanChannel.Rule, [("a.go", caller), ("b.go", callee)], types: Types.Value);
    }

    // Two values of one struct type, each with its own unbuffered `done`: W.run sends on its receiver's.
    private const string Worker = """
        package p

        type W struct{ done chan int }

        func newW() *W { return &W{done: make(chan int)} }

        func (w *W) run(n int) {
        	w.done <- n
        }

        """;

    [Fact]
    public void Send_on_a_value_whose_field_is_received_only_on_another_value_is_reported_naming_the_value()
    {
        var found = LintTest.CheckTyped(OrphanChannel.Rule, Worker.Replace("w.done <- n", "w.done <- n // want \"orphan-channel\"", StringComparison.Ordinal) + """
            func pair() int {
            	a := newW()
            	b := newW()
            	go a.run(1)
            	go b.run(2)
            	return <-a.done
            }
            """);
        Assert.Contains("for the value `b`", Assert.Single(found).Message);
    }

    [Fact]
    public void Send_and_receive_on_the_same_value_are_not_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, Worker + """
            func pair() int {
            	a := newW()
            	b := newW()
            	go a.run(1)
            	go b.run(2)
            	return <-a.done + <-b.done
            }
            """);
    }

    [Fact]
    public void Receive_on_a_value_whose_field_is_sent_on_only_through_another_value_is_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, Worker + """
            func wait() int {
            	a := newW()
            	b := newW()
            	go a.run(1)
            	return <-a.done + <-b.done // want "orphan-channel"
            }
            """);
    }

    [Fact]
    public void Value_a_constructor_returns_is_its_callers_value_and_not_reported()
    {
        // The reported twin is Receive_on_a_value_whose_field_is_sent_on_only_through_another_value_is_reported.
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            type feed struct{ updates chan int }

            func newFeed() *feed {
            	f := &feed{updates: make(chan int)}
            	go func() {
            		for range f.updates {
            		}
            	}()
            	return f
            }

            func (f *feed) push(v int) {
            	select {
            	case f.updates <- v:
            	default:
            	}
            }

            func (f *feed) stop() { close(f.updates) }

            func run() {
            	f := newFeed()
            	f.push(1)
            	f.stop()
            }
            """);
    }

    [Fact]
    public void Field_reached_through_another_struct_is_any_value_and_not_reported()
    {
        // The reported twin is Send_on_a_value_whose_field_is_received_only_on_another_value_is_reported_naming_the_value.
        LintTest.CheckTyped(OrphanChannel.Rule, Worker + """
            type holder struct{ w *W }

            func pair() int {
            	a := newW()
            	h := &holder{w: a}
            	go a.run(1)
            	return <-h.w.done
            }
            """);
    }

    [Fact]
    public void Receive_through_a_method_callers_outside_can_call_answers_every_value_and_is_not_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, Worker + """
            func (w *W) Wait() int { return <-w.done }

            func pair() int {
            	a := newW()
            	b := newW()
            	go a.run(1)
            	go b.run(2)
            	return a.Wait() + <-a.done
            }
            """);
    }

    [Fact]
    public void Values_taken_from_a_slice_are_any_value_and_not_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, Worker + """
            func all() int {
            	a := newW()
            	b := newW()
            	go a.run(1)
            	go b.run(2)
            	sum := 0
            	for _, w := range []*W{a, b} {
            		sum += <-w.done
            	}
            	return sum + <-a.done
            }
            """);
    }

    [Fact]
    public void Receive_through_a_getter_of_a_field_only_handed_out_as_receive_only_is_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            type Stopper struct{ quiescer chan struct{} }

            func NewStopper() *Stopper { return &Stopper{quiescer: make(chan struct{})} }

            func (s *Stopper) ShouldQuiesce() <-chan struct{} { return s.quiescer }

            type replica struct{ stopper *Stopper }

            func (r *replica) store() *Stopper { return r.stopper }

            func (r *replica) wait() {
            	<-r.store().ShouldQuiesce() // want "orphan-channel"
            }
            """);
    }

    [Fact]
    public void Receive_through_a_getter_that_hands_out_both_sides_is_not_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            type Stopper struct{ quiescer chan struct{} }

            func NewStopper() *Stopper { return &Stopper{quiescer: make(chan struct{})} }

            func (s *Stopper) Quiescer() chan struct{} { return s.quiescer }

            func (s *Stopper) wait() {
            	<-s.Quiescer()
            }
            """);
    }

    [Fact]
    public void Receive_in_a_select_whose_only_case_it_is_is_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            type buffer struct{ c chan int }

            func newBuffer() *buffer { return &buffer{c: make(chan int, 1)} }

            func (b *buffer) get() <-chan int { return b.c }

            func (b *buffer) read() int {
            	select {
            	case v := <-b.get(): // want "orphan-channel"
            		return v
            	}
            }
            """);
    }

    [Fact]
    public void Receive_in_a_select_with_another_case_is_not_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            type buffer struct{ c chan int }

            func newBuffer() *buffer { return &buffer{c: make(chan int, 1)} }

            func (b *buffer) get() <-chan int { return b.c }

            func (b *buffer) read(stop chan struct{}) int {
            	select {
            	case v := <-b.get():
            		return v
            	case <-stop:
            		return 0
            	}
            }
            """);
    }

    [Fact]
    public void Send_on_a_hook_channel_only_an_uncalled_function_makes_is_not_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            var testing = false
            var posted chan string

            // enableTesting is called by the package's tests, which are not linted.
            func enableTesting() {
            	testing = true
            	posted = make(chan string)
            }

            func Post(s string) {
            	if testing {
            		posted <- s
            		return
            	}
            	println(s)
            }
            """);
    }

    [Fact]
    public void Send_on_a_hook_channel_the_package_makes_is_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            var testing = false
            var posted chan string

            func enableTesting() {
            	testing = true
            	posted = make(chan string)
            }

            func init() { enableTesting() }

            func Post(s string) {
            	if testing {
            		posted <- s // want "orphan-channel"
            		return
            	}
            	println(s)
            }
            """);
    }

    [Fact]
    public void Receive_in_a_fake_method_nothing_can_call_is_not_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            type index interface {
            	Get(key string) int
            	Since(rev int) []int
            }

            type tree struct{}

            func (tree) Get(key string) int { return 0 }
            func (tree) Since(rev int) []int { return nil }

            type fakeIndex struct{ sinceResp chan []int }

            func (f *fakeIndex) Get(key string) int { return 1 }
            func (f *fakeIndex) Since(rev int) []int { return <-f.sinceResp }

            func newFake() index { return &fakeIndex{sinceResp: make(chan []int)} }

            func use(i index, t tree) ([]int, int) { return t.Since(1), i.Get("k") }
            """);
    }

    [Fact]
    public void Receive_in_a_fake_method_whose_interface_calls_hold_only_the_real_type_is_not_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            type index interface{ Since(rev int) []int }

            type tree struct{}

            func (*tree) Since(rev int) []int { return nil }

            func newTree() index { return &tree{} }

            type fakeIndex struct{ sinceResp chan []int }

            func (f *fakeIndex) Since(rev int) []int { return <-f.sinceResp }

            func newFake() index { return &fakeIndex{sinceResp: make(chan []int)} }

            func check() []int {
            	ti := newTree()
            	return ti.Since(1)
            }
            """);
    }

    [Fact]
    public void Receive_in_a_fake_method_whose_interface_variable_may_hold_the_fake_is_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            type index interface{ Since(rev int) []int }

            type tree struct{}

            func (*tree) Since(rev int) []int { return nil }

            func newTree() index { return &tree{} }

            type fakeIndex struct{ sinceResp chan []int }

            func (f *fakeIndex) Since(rev int) []int { return <-f.sinceResp } // want "orphan-channel"

            func newFake() index { return &fakeIndex{sinceResp: make(chan []int)} }

            func check(fake bool) []int {
            	ti := newTree()
            	if fake {
            		ti = newFake()
            	}
            	return ti.Since(1)
            }
            """);
    }

    [Fact]
    public void Receive_in_a_fake_method_called_through_its_interface_is_reported()
    {
        LintTest.CheckTyped(OrphanChannel.Rule, """
            package p

            type index interface {
            	Get(key string) int
            	Since(rev int) []int
            }

            type fakeIndex struct{ sinceResp chan []int }

            func (f *fakeIndex) Get(key string) int { return 1 }
            func (f *fakeIndex) Since(rev int) []int { return <-f.sinceResp } // want "orphan-channel"

            func newFake() index { return &fakeIndex{sinceResp: make(chan []int)} }

            func use(i index) []int { return i.Since(1) }
            """);
    }
}
