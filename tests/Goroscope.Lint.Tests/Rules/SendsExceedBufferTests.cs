using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class SendsExceedBufferTests
{
    [Fact]
    public void Two_senders_into_a_buffer_of_one_and_a_return_before_the_receive_is_reported()
    {
        var found = LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            func both(a, b func() error, check func() error) error {
            	errc := make(chan error, 1)
            	go func() { errc <- a() }()
            	go func() { errc <- b() }() // want "sends-exceed-buffer"
            	if err := check(); err != nil {
            		return err
            	}
            	if err := <-errc; err != nil {
            		return err
            	}
            	return <-errc
            }
            """);
        var finding = Assert.Single(found);
        Assert.Contains("the goroutines `both` starts send 2 values on `errc`, whose buffer holds 1, and the function can leave at line 8 having received nothing: 1 sender blocks forever", finding.Message);
        Assert.Equal([4, 5, 8], finding.Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void A_select_that_leaves_on_cancellation_receives_nothing_on_that_way_out()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            import "context"

            func first(ctx context.Context, a, b func() string) (string, error) {
            	answers := make(chan string, 1)
            	go func() { answers <- a() }()
            	go func() { answers <- b() }() // want "sends-exceed-buffer"
            	select {
            	case s := <-answers:
            		return s, nil
            	case <-ctx.Done():
            		return "", ctx.Err()
            	}
            }
            """);
    }

    [Fact]
    public void A_loop_with_a_written_down_count_starts_more_senders_than_the_buffer_and_one_receive_take()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            func fastest(probe func(int) int) int {
            	results := make(chan int, 1)
            	for i := 0; i < 3; i++ {
            		go func() { results <- probe(i) }() // want "sends-exceed-buffer"
            	}
            	return <-results
            }

            func listed(probe func(string) int) int {
            	results := make(chan int, 1)
            	for _, zone := range []string{"a", "b", "c"} {
            		go func() { results <- probe(zone) }() // want "sends-exceed-buffer"
            	}
            	return <-results
            }
            """);
    }

    [Fact]
    public void A_buffer_of_len_xs_with_one_extra_sender_overflows_when_the_function_returns_early()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            func pingAll(hosts []string, ping func(string) error, summary func() error, abort func() bool) error {
            	errs := make(chan error, len(hosts))
            	for _, h := range hosts {
            		go func() { errs <- ping(h) }()
            	}
            	go func() { errs <- summary() }() // want "sends-exceed-buffer"
            	if abort() {
            		return nil
            	}
            	return <-errs
            }
            """);
    }

    [Fact]
    public void Senders_within_the_buffer_and_the_receives_on_every_way_out_are_not_reported()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            func both(a, b func() error) error {
            	errc := make(chan error, 1)
            	go func() { errc <- a() }()
            	go func() { errc <- b() }()
            	return <-errc // the second sender fits in the buffer
            }

            func drained(a, b func() error, check func() error) error {
            	errc := make(chan error, 1)
            	go func() { errc <- a() }()
            	go func() { errc <- b() }()
            	if err := check(); err != nil {
            		<-errc
            		return err
            	}
            	<-errc
            	return <-errc
            }

            func one(a func() error, check func() error) error {
            	errc := make(chan error, 1)
            	go func() { errc <- a() }()
            	if err := check(); err != nil {
            		return err // the buffer keeps the one value
            	}
            	return <-errc
            }
            """);
    }

    [Fact]
    public void A_select_whose_other_case_fails_the_test_receives_on_every_way_past_it()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            import (
            	"testing"
            	"time"
            )

            func TestPingTwice(t *testing.T, ping func() error) {
            	errCh := make(chan error, 1)
            	go func() { errCh <- ping() }()
            	select {
            	case err := <-errCh:
            		if err != nil {
            			t.Fatalf("err: %v", err)
            		}
            	case <-time.After(time.Second):
            		t.Fatalf("no answer")
            	}
            	go func() { errCh <- ping() }()
            	select {
            	case <-errCh:
            	case <-time.After(time.Second):
            		t.Fatalf("timeout")
            	}
            }
            """);
    }

    [Fact]
    public void A_select_whose_other_case_goes_on_receives_nothing_on_that_way()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            import (
            	"testing"
            	"time"
            )

            func TestPingTwice(t *testing.T, ping func() error) {
            	errCh := make(chan error, 1)
            	go func() { errCh <- ping() }()
            	select {
            	case <-errCh:
            	case <-time.After(time.Second):
            		t.Log("slow")
            	}
            	go func() { errCh <- ping() }() // want "sends-exceed-buffer"
            	select {
            	case <-errCh:
            	case <-time.After(time.Second):
            		t.Fatalf("timeout")
            	}
            }
            """);
    }

    [Fact]
    public void A_buffer_of_len_xs_for_one_sender_per_item_is_not_reported()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            func pingAll(hosts []string, ping func(string) error, abort func() bool) error {
            	errs := make(chan error, len(hosts))
            	for _, h := range hosts {
            		go func() { errs <- ping(h) }()
            	}
            	if abort() {
            		return nil
            	}
            	return <-errs
            }
            """);
    }

    [Fact]
    public void Counts_the_code_does_not_write_down_are_not_reported()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            func unknownLoop(items []int, work func(int) error) error {
            	errc := make(chan error, 1)
            	for _, it := range items {
            		go func() { errc <- work(it) }() // how many items there are is not written down
            	}
            	return <-errc
            }

            func receiveLoop(work func(int) error) error {
            	errc := make(chan error, 1)
            	for i := 0; i < 3; i++ {
            		go func() { errc <- work(i) }()
            	}
            	for i := 0; i < 3; i++ {
            		if err := <-errc; err != nil {
            			return err
            		}
            	}
            	return nil
            }

            func breaks(work func(int) error, stop func() bool) error {
            	errc := make(chan error, 1)
            	for i := 0; i < 3; i++ {
            		go func() { errc <- work(i) }()
            		if stop() {
            			break
            		}
            	}
            	return <-errc
            }

            func conditional(a, b func() error, both bool) error {
            	errc := make(chan error, 1)
            	go func() { errc <- a() }()
            	if both {
            		go func() { errc <- b() }()
            	}
            	return nil
            }
            """);
    }

    [Fact]
    public void A_send_a_goroutine_can_skip_and_a_channel_passed_on_are_not_counted()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            func skip(a, b func() error, ok func() bool, check func() error) error {
            	errc := make(chan error, 1)
            	go func() { errc <- a() }()
            	go func() {
            		if !ok() {
            			return
            		}
            		errc <- b()
            	}()
            	if err := check(); err != nil {
            		return err
            	}
            	return <-errc
            }

            func passed(a, b func() error, drain func(chan error)) error {
            	errc := make(chan error, 1)
            	go func() { errc <- a() }()
            	go func() { errc <- b() }()
            	drain(errc)
            	return nil
            }
            """);
    }

    [Fact]
    public void A_method_called_in_a_loop_on_one_value_fills_a_channel_field_nothing_receives_from()
    {
        var found = LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            type batcher struct{ ready chan []byte }

            func newBatcher() *batcher { return &batcher{ready: make(chan []byte, 16)} }

            func (b *batcher) push(row []byte) {
            	b.ready <- row // want "sends-exceed-buffer"
            }

            func load(rows [][]byte) {
            	b := newBatcher()
            	for _, row := range rows {
            		b.push(row)
            	}
            }
            """);
        var finding = Assert.Single(found);
        Assert.Contains("`b.ready` (buffered 16) is sent on here each time a.go:14 calls `push` in its loop on the same `b`", finding.Message);
        Assert.Contains("once its buffer holds 16 values, this send blocks forever", finding.Message);
        Assert.Equal([5, 14], finding.Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void A_method_called_in_a_loop_on_a_new_value_each_pass_is_not_reported()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            type batcher struct{ ready chan []byte }

            func newBatcher() *batcher { return &batcher{ready: make(chan []byte, 1)} }

            func (b *batcher) push(row []byte) { b.ready <- row }

            func load(rows [][]byte) {
            	for _, row := range rows {
            		b := newBatcher()
            		b.push(row)
            	}
            }
            """);
    }

    [Fact]
    public void A_loop_that_sends_on_its_receivers_field_more_times_than_the_buffer_is_reported()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            type watcher struct{ events chan string }

            func newWatcher() *watcher { return &watcher{events: make(chan string, 4)} }

            func (w *watcher) scan(paths []string) {
            	for _, p := range paths {
            		w.events <- p // want "sends-exceed-buffer"
            	}
            }

            func (w *watcher) retry() {
            	for i := 0; i < 5; i++ {
            		w.events <- "again" // want "sends-exceed-buffer"
            	}
            }
            """);
    }

    [Fact]
    public void A_loop_whose_written_down_passes_the_buffer_holds_is_not_reported()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            type watcher struct{ events chan string }

            func newWatcher() *watcher { return &watcher{events: make(chan string, 4)} }

            func (w *watcher) retry() {
            	for i := 0; i < 4; i++ {
            		w.events <- "again"
            	}
            }
            """);
    }

    [Fact]
    public void Goroutines_started_in_a_loop_fill_a_local_channel_nothing_receives_from()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            func notifyAll(hooks []func() error) {
            	errs := make(chan error, 1)
            	for _, hook := range hooks {
            		go func() {
            			errs <- hook() // want "sends-exceed-buffer"
            		}()
            	}
            }
            """);
    }

    [Fact]
    public void A_channel_something_receives_from_hands_out_or_sends_on_without_waiting_is_not_reported()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            type queue struct {
            	in, out, drop chan int
            }

            func newQueue() *queue {
            	return &queue{in: make(chan int, 1), out: make(chan int, 1), drop: make(chan int, 1)}
            }

            func (q *queue) fill(n int) {
            	for i := range n {
            		q.in <- i
            		q.out <- i
            		select {
            		case q.drop <- i:
            		default:
            		}
            	}
            }

            func (q *queue) next() int { return <-q.in }

            func (q *queue) Out() chan int { return q.out }
            """);
    }

    [Fact]
    public void A_sender_that_checks_how_full_the_channel_is_is_not_reported()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            type sampler struct{ samples chan float64 }

            func newSampler() *sampler { return &sampler{samples: make(chan float64, 8)} }

            func (s *sampler) record(values []float64) {
            	for _, v := range values {
            		if len(s.samples) < cap(s.samples) {
            			s.samples <- v
            		}
            	}
            }
            """);
    }

    [Fact]
    public void A_send_after_which_the_loop_is_always_left_is_not_reported()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            import "time"

            func poll(stop chan struct{}, publish func() error) {
            	errs := make(chan error, 1)
            	go func() {
            		for {
            			select {
            			case <-stop:
            				return
            			case <-time.After(time.Millisecond):
            				if err := publish(); err != nil {
            					errs <- err
            					return
            				}
            			}
            		}
            	}()
            }
            """);
    }

    [Fact]
    public void A_send_whose_loop_leaves_only_on_some_ways_after_it_is_reported()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            import "time"

            func poll(stop chan struct{}, publish func() error, fatal func(error) bool) {
            	errs := make(chan error, 1)
            	go func() {
            		for {
            			select {
            			case <-stop:
            				return
            			case <-time.After(time.Millisecond):
            				if err := publish(); err != nil {
            					errs <- err // want "sends-exceed-buffer"
            					if fatal(err) {
            						return
            					}
            				}
            			}
            		}
            	}()
            }
            """);
    }

    [Fact]
    public void Sends_on_a_new_value_before_its_receiver_is_started_beyond_the_buffer_are_reported()
    {
        var found = LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            type compactor struct{ wake chan struct{} }

            func newCompactor() *compactor { return &compactor{wake: make(chan struct{}, 1)} }

            func (c *compactor) start() {
            	c.wake <- struct{}{} // want "sends-exceed-buffer"
            	go c.loop()
            }

            func (c *compactor) loop() {
            	for range c.wake {
            	}
            }

            func run() {
            	c := newCompactor()
            	c.wake <- struct{}{}
            	c.start()
            }
            """);
        var finding = Assert.Single(found);
        Assert.Contains("`c.wake` (buffered 1) already holds 1 value sent since its value was made, and nothing can receive from it yet", finding.Message);
        Assert.Equal([5, 19], finding.Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Sends_on_a_new_value_after_its_receiver_is_started_or_within_the_buffer_are_not_reported()
    {
        LintTest.CheckTyped(SendsExceedBuffer.Rule, """
            package a

            type compactor struct{ wake chan struct{} }

            func newCompactor() *compactor { return &compactor{wake: make(chan struct{}, 1)} }

            func (c *compactor) start() {
            	go c.loop()
            	c.wake <- struct{}{}
            }

            func (c *compactor) loop() {
            	for range c.wake {
            	}
            }

            func startedFirst() {
            	c := newCompactor()
            	c.start()
            	c.wake <- struct{}{}
            }

            func withinTheBuffer() {
            	c := newCompactor()
            	c.wake <- struct{}{}
            	go c.loop()
            	c.wake <- struct{}{}
            }

            func handedOn(register func(*compactor)) {
            	c := newCompactor()
            	c.wake <- struct{}{}
            	register(c)
            	c.wake <- struct{}{}
            }
            """);
    }
}
