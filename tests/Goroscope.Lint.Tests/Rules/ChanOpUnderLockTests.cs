using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class ChanOpUnderLockTests
{
    // The shape every test varies: Send holds s.mu and sends on s.ch; loop receives and then locks s.mu.
    private const string Header = """
        package p

        import (
        	"context"
        	"sync"
        )

        var _ = context.Background

        type S struct {
        	mu    sync.Mutex
        	ch    chan int
        	items []int
        }

        """;

    [Fact]
    public void Send_under_the_lock_the_receiving_loop_takes_each_round_is_reported_with_both_locks_related()
    {
        var found = LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int)}
            	go s.loop()
            	return s
            }

            func (s *S) loop() {
            	for v := range s.ch {
            		s.mu.Lock()
            		s.items = append(s.items, v)
            		s.mu.Unlock()
            	}
            }

            func (s *S) Send(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.ch <- v // want "chan-op-under-lock"
            }
            """);
        Assert.Equal([30, 23, 22], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Receive_under_a_lock_the_sender_holds_while_sending_is_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func (s *S) produce() {
            	s.mu.Lock()
            	s.items = nil
            	s.ch <- 1 // want "chan-op-under-lock"
            	s.mu.Unlock()
            }

            func (s *S) Take() int {
            	s.ch = make(chan int)
            	go s.produce()
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	return <-s.ch // want "chan-op-under-lock"
            }
            """);
    }

    [Fact]
    public void Buffered_channel_sent_on_once_per_call_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int, 1)}
            	go s.loop()
            	return s
            }

            func (s *S) loop() {
            	for v := range s.ch {
            		s.mu.Lock()
            		s.items = append(s.items, v)
            		s.mu.Unlock()
            	}
            }

            func (s *S) Send(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.ch <- v
            }
            """);
    }

    [Fact]
    public void Receiver_that_never_takes_the_lock_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int)}
            	go s.loop()
            	return s
            }

            func (s *S) loop() {
            	for v := range s.ch {
            		println(v)
            	}
            }

            func (s *S) Send(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.ch <- v
            }
            """);
    }

    [Fact]
    public void Send_in_a_select_with_ctx_Done_or_default_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int)}
            	go s.loop()
            	return s
            }

            func (s *S) loop() {
            	for v := range s.ch {
            		s.mu.Lock()
            		s.items = append(s.items, v)
            		s.mu.Unlock()
            	}
            }

            func (s *S) Send(ctx context.Context, v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	select {
            	case s.ch <- v:
            	case <-ctx.Done():
            	}
            	select {
            	case s.ch <- v:
            	default:
            	}
            }
            """);
    }

    [Fact]
    public void Receive_in_a_one_case_select_under_the_lock_is_reported_as_the_bare_receive()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int)}
            	go s.feed()
            	return s
            }

            func (s *S) feed() {
            	for {
            		s.mu.Lock()
            		v := len(s.items)
            		s.mu.Unlock()
            		s.ch <- v
            	}
            }

            func (s *S) Pop() int {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	select {
            	case v := <-s.ch: // want "chan-op-under-lock"
            		return v
            	}
            }
            """);
    }

    [Fact]
    public void Receive_in_a_select_with_a_second_case_under_the_lock_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int)}
            	go s.feed()
            	return s
            }

            func (s *S) feed() {
            	for {
            		s.mu.Lock()
            		v := len(s.items)
            		s.mu.Unlock()
            		s.ch <- v
            	}
            }

            func (s *S) Pop(ctx context.Context) int {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	select {
            	case v := <-s.ch:
            		return v
            	case <-ctx.Done():
            		return 0
            	}
            }
            """);
    }

    [Fact]
    public void Channel_handed_out_of_the_package_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func (s *S) C() chan int { return s.ch }

            func (s *S) loop() {
            	for v := range s.ch {
            		s.mu.Lock()
            		s.items = append(s.items, v)
            		s.mu.Unlock()
            	}
            }

            func (s *S) Send(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.ch <- v
            }
            """);
    }

    [Fact]
    public void One_receiver_that_needs_no_lock_is_enough_to_stay_silent()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int)}
            	go s.loop()
            	go s.drain()
            	return s
            }

            func (s *S) loop() {
            	for v := range s.ch {
            		s.mu.Lock()
            		s.items = append(s.items, v)
            		s.mu.Unlock()
            	}
            }

            func (s *S) drain() {
            	for range s.ch {
            	}
            }

            func (s *S) Send(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.ch <- v
            }
            """);
    }

    [Fact]
    public void Lock_of_another_type_with_the_same_field_name_is_a_different_lock()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            type T struct {
            	mu sync.Mutex
            	n  int
            }

            func newS(t *T) *S {
            	s := &S{ch: make(chan int)}
            	go s.loop(t)
            	return s
            }

            func (s *S) loop(t *T) {
            	for v := range s.ch {
            		t.mu.Lock()
            		t.n += v
            		t.mu.Unlock()
            	}
            }

            func (s *S) Send(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.ch <- v
            }
            """);
    }

    // The receiving loop every test below uses: it takes s.mu for each value it receives.
    private const string Loop = """
        func newS() *S {
        	s := &S{ch: make(chan int)}
        	go s.loop()
        	return s
        }

        func (s *S) loop() {
        	for v := range s.ch {
        		s.mu.Lock()
        		s.items = append(s.items, v)
        		s.mu.Unlock()
        	}
        }

        """;

    [Fact]
    public void Send_in_a_helper_called_under_the_lock_is_reported_with_the_call_related()
    {
        var found = LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + Loop + """
            func (s *S) publish(v int) {
            	s.ch <- v // want "chan-op-under-lock"
            }

            func (s *S) Add(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.publish(v)
            }
            """);
        var finding = Assert.Single(found);
        Assert.Equal([33, 35, 23, 22], finding.Related.Select(r => r.Start.Line));
        Assert.Contains("held across the call at line 35", finding.Message);
    }

    [Fact]
    public void Send_in_a_closure_bound_to_a_variable_and_called_under_the_lock_is_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + Loop + """
            func (s *S) AddAll(vs []int) {
            	emit := func(v int) {
            		s.ch <- v // want "chan-op-under-lock"
            	}
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	for _, v := range vs {
            		emit(v)
            	}
            }
            """);
    }

    [Fact]
    public void Send_in_the_implementation_of_an_unexported_interface_method_called_under_the_lock_is_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            var registryMu sync.Mutex

            type listener interface{ notify(v int) }

            var listeners []listener

            type watcher struct{ events chan int }

            func (w *watcher) notify(v int) {
            	w.events <- v // want "chan-op-under-lock"
            }

            func (w *watcher) run() {
            	for v := range w.events {
            		registryMu.Lock()
            		println(v)
            		registryMu.Unlock()
            	}
            }

            func watch() {
            	w := &watcher{events: make(chan int)}
            	go w.run()
            	listeners = append(listeners, w)
            }

            func broadcast(v int) {
            	registryMu.Lock()
            	defer registryMu.Unlock()
            	for _, l := range listeners {
            		l.notify(v)
            	}
            }
            """);
    }

    [Fact]
    public void Send_in_a_deferred_call_that_runs_before_the_deferred_unlock_is_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + Loop + """
            func (s *S) notify() {
            	s.ch <- len(s.items) // want "chan-op-under-lock"
            }

            func (s *S) Reset() {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	defer s.notify()
            	s.items = nil
            }
            """);
    }

    [Fact]
    public void Send_in_a_later_round_of_a_loop_that_takes_the_lock_at_the_end_of_the_round_before_is_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + Loop + """
            func (s *S) poll(next func() int) {
            	for first := true; ; first = false {
            		if !first {
            			s.ch <- len(s.items) // want "chan-op-under-lock"
            			s.mu.Unlock()
            		}
            		v := next()
            		s.mu.Lock()
            		s.items = append(s.items, v)
            	}
            }
            """);
    }

    [Fact]
    public void Receiver_in_a_bound_closure_called_under_the_lock_is_a_side_that_needs_it_and_blocks_itself()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int)}
            	go s.consume()
            	return s
            }

            func (s *S) consume() {
            	take := func() int { return <-s.ch } // want "chan-op-under-lock"
            	for {
            		s.mu.Lock()
            		s.items = append(s.items, take())
            		s.mu.Unlock()
            	}
            }

            func (s *S) Send(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.ch <- v // want "chan-op-under-lock"
            }
            """);
    }

    [Fact]
    public void Send_on_another_values_channel_under_this_values_lock_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + Loop + """
            func (s *S) publish(v int) {
            	s.ch <- v
            }

            func (s *S) Forward(other *S, v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	other.ch <- v
            	other.publish(v)
            }
            """);
    }

    [Fact]
    public void Buffered_channel_sent_on_in_a_helper_called_under_the_lock_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int, 16)}
            	go s.loop()
            	return s
            }

            func (s *S) loop() {
            	for v := range s.ch {
            		s.mu.Lock()
            		s.items = append(s.items, v)
            		s.mu.Unlock()
            	}
            }

            func (s *S) publish(v int) {
            	s.ch <- v
            }

            func (s *S) Add(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.publish(v)
            }
            """);
    }

    [Fact]
    public void Helper_started_with_go_under_the_lock_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + Loop + """
            func (s *S) publish(v int) {
            	s.ch <- v
            }

            func (s *S) Add(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	go s.publish(v)
            }
            """);
    }

    // A watcher: run waits for Stop's close holding w.mu, and Stop must take w.mu to close.
    private const string Watcher = """
        package p

        import "sync"

        type W struct {
        	mu     sync.Mutex
        	done   chan struct{}
        	events []string
        }

        func newW() *W {
        	w := &W{done: make(chan struct{})}
        	go w.run()
        	return w
        }

        """;

    [Fact]
    public void Receive_under_the_lock_whose_only_release_is_a_close_under_that_lock_is_reported_with_the_close_related()
    {
        var found = LintTest.CheckTyped(ChanOpUnderLock.Rule, Watcher + """
            func (w *W) run() {
            	w.mu.Lock()
            	defer w.mu.Unlock()
            	w.events = append(w.events, "started")
            	<-w.done // want "chan-op-under-lock"
            }

            func (w *W) Stop() {
            	w.mu.Lock()
            	defer w.mu.Unlock()
            	close(w.done)
            }
            """);
        Assert.Contains(Assert.Single(found).Related, r => r.Start.Line == 26);
    }

    [Fact]
    public void Receive_under_the_lock_whose_close_comes_before_the_lock_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Watcher + """
            func (w *W) run() {
            	w.mu.Lock()
            	defer w.mu.Unlock()
            	<-w.done
            }

            func (w *W) Stop() {
            	close(w.done)
            	w.mu.Lock()
            	w.events = nil
            	w.mu.Unlock()
            }
            """);
    }

    [Fact]
    public void Receive_under_the_lock_whose_deferred_close_a_return_can_reach_before_the_lock_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Watcher + """
            func (w *W) run() {
            	w.mu.Lock()
            	defer w.mu.Unlock()
            	<-w.done
            }

            func (w *W) drain(events chan string) {
            	defer close(w.done)
            	if events == nil {
            		return
            	}
            	for e := range events {
            		w.mu.Lock()
            		w.events = append(w.events, e)
            		w.mu.Unlock()
            	}
            }

            func (w *W) Start() {
            	events := make(chan string)
            	go w.drain(events)
            	close(events)
            }
            """);
    }

    [Fact]
    public void Receive_under_the_lock_whose_deferred_close_follows_a_lock_under_an_if_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Watcher + """
            func (w *W) run() {
            	w.mu.Lock()
            	defer w.mu.Unlock()
            	<-w.done
            }

            func (w *W) finish(record bool) {
            	defer close(w.done)
            	if record {
            		w.mu.Lock()
            		w.events = append(w.events, "finished")
            		w.mu.Unlock()
            	}
            }

            func (w *W) Start() {
            	go w.finish(false)
            }
            """);
    }

    [Fact]
    public void Receive_under_the_lock_whose_close_is_deferred_past_a_loop_that_takes_the_lock_is_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Watcher + """
            func (w *W) run() {
            	w.mu.Lock()
            	defer w.mu.Unlock()
            	<-w.done // want "chan-op-under-lock"
            }

            func (w *W) drain(events chan string) {
            	defer close(w.done)
            	for e := range events {
            		w.mu.Lock()
            		w.events = append(w.events, e)
            		w.mu.Unlock()
            	}
            }

            func (w *W) Start() {
            	events := make(chan string)
            	go w.drain(events)
            	events <- "x"
            	close(events)
            }
            """);
    }

    [Fact]
    public void Receive_under_the_lock_of_another_watcher_than_the_closed_channel_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Watcher + """
            func (w *W) run(other *W) {
            	w.mu.Lock()
            	defer w.mu.Unlock()
            	<-other.done
            }

            func (w *W) Stop() {
            	w.mu.Lock()
            	defer w.mu.Unlock()
            	close(w.done)
            }
            """);
    }

    [Fact]
    public void Receive_under_the_lock_closed_by_a_deferred_callee_after_a_loop_that_takes_the_lock_is_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Watcher + """
            func (w *W) run() {
            	w.mu.Lock()
            	defer w.mu.Unlock()
            	<-w.done // want "chan-op-under-lock"
            }

            func (w *W) finish() { close(w.done) }

            func (w *W) drain(events chan string) {
            	defer w.finish()
            	for e := range events {
            		w.mu.Lock()
            		w.events = append(w.events, e)
            		w.mu.Unlock()
            	}
            }

            func (w *W) Start() {
            	events := make(chan string)
            	go w.drain(events)
            	close(events)
            }
            """);
    }

    [Fact]
    public void Receive_under_the_lock_from_a_buffered_channel_closed_under_that_lock_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Watcher.Replace("make(chan struct{})", "make(chan struct{}, 1)") + """
            func (w *W) run() {
            	w.mu.Lock()
            	defer w.mu.Unlock()
            	<-w.done
            }

            func (w *W) Stop() {
            	w.mu.Lock()
            	defer w.mu.Unlock()
            	close(w.done)
            }
            """);
    }

    [Fact]
    public void Buffered_channel_sent_on_in_a_loop_under_the_lock_more_times_than_its_buffer_holds_is_reported()
    {
        var found = LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int, 1)}
            	go s.loop()
            	return s
            }

            func (s *S) loop() {
            	for v := range s.ch {
            		s.mu.Lock()
            		s.items = append(s.items, v)
            		s.mu.Unlock()
            	}
            }

            func (s *S) SendAll(vs []int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	for _, v := range vs {
            		s.ch <- v // want "chan-op-under-lock"
            	}
            }
            """);
        var finding = Assert.Single(found);
        Assert.Contains("sends on buffered 1 `s.ch`, sent on in a loop (line 32) so that its buffer can be full, while holding `s.mu`", finding.Message);
        Assert.Equal(32, finding.Related[^1].Start.Line);
    }

    [Fact]
    public void Buffered_channel_sent_on_under_the_lock_by_a_method_called_in_a_loop_is_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int, 4)}
            	go s.loop()
            	return s
            }

            func (s *S) loop() {
            	for v := range s.ch {
            		s.mu.Lock()
            		s.items = append(s.items, v)
            		s.mu.Unlock()
            	}
            }

            func (s *S) send(v int) {
            	s.mu.Lock()
            	s.ch <- v // want "chan-op-under-lock"
            	s.mu.Unlock()
            }

            func (s *S) Flush(vs []int) {
            	for _, v := range vs {
            		s.send(v)
            	}
            }
            """);
    }

    [Fact]
    public void Buffered_channel_sent_on_in_a_loop_the_buffer_holds_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int, 2)}
            	go s.loop()
            	return s
            }

            func (s *S) loop() {
            	for v := range s.ch {
            		s.mu.Lock()
            		s.items = append(s.items, v)
            		s.mu.Unlock()
            	}
            }

            func (s *S) SendPair(a, b int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	for _, v := range []int{a, b} {
            		s.ch <- v
            	}
            }
            """);
    }
}
