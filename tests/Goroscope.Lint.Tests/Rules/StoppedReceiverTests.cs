using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class StoppedReceiverTests
{
    [Fact]
    public void Send_whose_only_receiver_is_a_loop_that_returns_on_stop_is_reported_with_the_receive_and_the_exit_related()
    {
        var found = LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            type node struct {
            	status chan chan int
            	stop   chan struct{}
            }

            func newNode() *node { return &node{status: make(chan chan int), stop: make(chan struct{})} }

            func (n *node) run() {
            	for {
            		select {
            		case c := <-n.status:
            			c <- 1
            		case <-n.stop:
            			return
            		}
            	}
            }

            func (n *node) Status() int {
            	c := make(chan int)
            	n.status <- c // want "stopped-receiver"
            	return <-c
            }

            func (n *node) Stop() { close(n.stop) }
            """);
        Assert.Equal([13, 15], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Send_in_a_select_that_also_waits_on_the_stop_signal_is_not_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            type node struct {
            	status chan chan int
            	stop   chan struct{}
            }

            func newNode() *node { return &node{status: make(chan chan int), stop: make(chan struct{})} }

            func (n *node) run() {
            	for {
            		select {
            		case c := <-n.status:
            			c <- 1
            		case <-n.stop:
            			return
            		}
            	}
            }

            func (n *node) Status() int {
            	c := make(chan int)
            	select {
            	case n.status <- c:
            		return <-c
            	case <-n.stop:
            		return 0
            	}
            }
            """);
    }

    [Fact]
    public void Send_to_a_loop_that_leaves_its_select_only_by_an_unlabelled_break_is_not_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            type pump struct {
            	in   chan int
            	tick chan struct{}
            }

            func newPump() *pump { return &pump{in: make(chan int), tick: make(chan struct{})} }

            func (p *pump) run() {
            	for {
            		select {
            		case v := <-p.in:
            			_ = v
            		case <-p.tick:
            			break
            		}
            	}
            }

            func (p *pump) put(v int) { p.in <- v }
            """);
    }

    [Fact]
    public void Send_to_a_loop_that_breaks_out_by_its_label_on_ctx_done_is_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            import "context"

            func worker(ctx context.Context, jobs chan int, done func(int)) {
            loop:
            	for {
            		select {
            		case j := <-jobs:
            			done(j)
            		case <-ctx.Done():
            			break loop
            		}
            	}
            }

            func Run(ctx context.Context, n int) {
            	jobs := make(chan int)
            	go worker(ctx, jobs, func(int) {})
            	for i := 0; i < n; i++ {
            		jobs <- i // want "stopped-receiver"
            	}
            }
            """);
    }

    [Fact]
    public void Send_on_a_buffered_channel_is_not_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            import "context"

            func worker(ctx context.Context, jobs chan int) {
            	for {
            		select {
            		case <-jobs:
            		case <-ctx.Done():
            			return
            		}
            	}
            }

            func Run(ctx context.Context) {
            	jobs := make(chan int, 1)
            	go worker(ctx, jobs)
            	jobs <- 1
            }
            """);
    }

    [Fact]
    public void Send_when_one_receiver_never_stops_is_not_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            import "context"

            func worker(ctx context.Context, jobs chan int) {
            	for {
            		select {
            		case <-jobs:
            		case <-ctx.Done():
            			return
            		}
            	}
            }

            func drain(jobs chan int) {
            	for range jobs {
            	}
            }

            func Run(ctx context.Context) {
            	jobs := make(chan int)
            	go worker(ctx, jobs)
            	go drain(jobs)
            	jobs <- 1
            }
            """);
    }

    [Fact]
    public void Send_to_a_loop_that_leaves_only_under_a_condition_of_its_case_is_not_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            type coordinator struct {
            	results chan int
            	exited  chan error
            }

            func newCoordinator() *coordinator { return &coordinator{results: make(chan int), exited: make(chan error)} }

            func (c *coordinator) run(workers int) {
            	for {
            		select {
            		case <-c.exited:
            			workers--
            			if workers == 0 {
            				return
            			}
            		case r := <-c.results:
            			_ = r
            		}
            	}
            }

            func (c *coordinator) work() {
            	c.results <- 1
            	c.exited <- nil
            }
            """);
    }

    [Fact]
    public void Send_in_a_callback_the_receiving_function_hands_out_is_not_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            type conn struct {
            	frames chan func()
            	done   chan struct{}
            }

            func newConn() *conn { return &conn{frames: make(chan func()), done: make(chan struct{})} }

            func (c *conn) read() {
            	gate := make(chan struct{})
            	release := func() { gate <- struct{}{} }
            	for {
            		select {
            		case c.frames <- release:
            		case <-c.done:
            			return
            		}
            		select {
            		case <-gate:
            		case <-c.done:
            			return
            		}
            	}
            }
            """);
    }

    [Fact]
    public void First_send_right_after_starting_the_receiving_loop_is_not_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            import "time"

            func measure(trigger func()) int {
            	start := make(chan struct{})
            	done := make(chan int, 1)
            	go func() {
            		n := 0
            		for {
            			select {
            			case <-start:
            				n++
            			case <-time.After(time.Second):
            				done <- n
            				return
            			}
            		}
            	}()
            	start <- struct{}{}
            	trigger()
            	return <-done
            }
            """);
    }

    [Fact]
    public void Sends_in_a_loop_after_starting_the_receiving_loop_are_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            import "time"

            func feed(values []int) int {
            	in := make(chan int)
            	done := make(chan int, 1)
            	go func() {
            		n := 0
            		for {
            			select {
            			case v := <-in:
            				n += v
            			case <-time.After(time.Second):
            				done <- n
            				return
            			}
            		}
            	}()
            	for _, v := range values {
            		in <- v // want "stopped-receiver"
            	}
            	return <-done
            }
            """);
    }

    [Fact]
    public void Send_whose_function_is_the_only_one_to_signal_the_loops_stop_is_not_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            func read(next func() (string, error), messages chan<- string, errs chan<- error) {
            	for {
            		m, err := next()
            		if err != nil {
            			errs <- err
            			return
            		}
            		messages <- m
            	}
            }

            func handle(next func() (string, error), use func(string)) error {
            	messages := make(chan string)
            	errs := make(chan error, 1)
            	go read(next, messages, errs)
            	for {
            		select {
            		case m := <-messages:
            			use(m)
            		case err := <-errs:
            			return err
            		}
            	}
            }
            """);
    }

    [Fact]
    public void Send_whose_loop_stops_on_a_signal_another_function_gives_is_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            func read(next func() (string, error), messages chan<- string) {
            	for {
            		m, err := next()
            		if err != nil {
            			return
            		}
            		messages <- m // want "stopped-receiver"
            	}
            }

            func handle(next func() (string, error), use func(string), quit chan struct{}) {
            	messages := make(chan string)
            	go read(next, messages)
            	for {
            		select {
            		case m := <-messages:
            			use(m)
            		case <-quit:
            			return
            		}
            	}
            }

            func run(next func() (string, error)) {
            	quit := make(chan struct{})
            	go handle(next, func(string) {}, quit)
            	close(quit)
            }
            """);
    }

    [Fact]
    public void Send_in_a_goroutine_the_receiving_function_starts_is_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            import "context"

            func upload(ctx context.Context, parts []int, put func(int) error) error {
            	results := make(chan error)
            	for _, part := range parts {
            		go func(part int) {
            			results <- put(part) // want "stopped-receiver"
            		}(part)
            	}
            	for range parts {
            		select {
            		case err := <-results:
            			if err != nil {
            				return err
            			}
            		case <-ctx.Done():
            			return ctx.Err()
            		}
            	}
            	return nil
            }
            """);
    }

    [Fact]
    public void First_send_right_after_a_start_method_that_starts_the_receiving_loop_is_not_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            type conn struct {
            	inbox  chan string
            	closed chan struct{}
            }

            func newConn() *conn { return &conn{inbox: make(chan string), closed: make(chan struct{})} }

            func (c *conn) Start() { go c.dispatch() }

            func (c *conn) dispatch() {
            	for {
            		select {
            		case m := <-c.inbox:
            			_ = m
            		case <-c.closed:
            			return
            		}
            	}
            }

            func (c *conn) Close() { close(c.closed) }

            func greet() {
            	c := newConn()
            	c.Start()
            	c.inbox <- "hello"
            	c.Close()
            }
            """);
    }

    [Fact]
    public void First_send_right_after_a_start_method_whose_goroutine_literal_calls_the_receiving_loop_is_not_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            type conn struct {
            	inbox  chan string
            	closed chan struct{}
            	err    error
            }

            func newConn() *conn { return &conn{inbox: make(chan string), closed: make(chan struct{})} }

            func (c *conn) Start() {
            	go func() {
            		err := c.dispatch()
            		c.err = err
            	}()
            }

            func (c *conn) dispatch() error {
            	for {
            		select {
            		case m := <-c.inbox:
            			_ = m
            		case <-c.closed:
            			return nil
            		}
            	}
            }

            func (c *conn) Close() { close(c.closed) }

            func greet() {
            	c := newConn()
            	c.Start()
            	c.inbox <- "hello"
            	c.Close()
            }
            """);
    }

    [Fact]
    public void Send_after_a_start_method_whose_goroutine_literal_calls_something_else_is_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            type conn struct {
            	inbox  chan string
            	closed chan struct{}
            }

            func newConn() *conn { return &conn{inbox: make(chan string), closed: make(chan struct{})} }

            func (c *conn) Start() {
            	go func() { c.heartbeat() }()
            }

            func (c *conn) heartbeat() {}

            func (c *conn) dispatch() {
            	for {
            		select {
            		case m := <-c.inbox:
            			_ = m
            		case <-c.closed:
            			return
            		}
            	}
            }

            func (c *conn) Close() { close(c.closed) }

            func greet() {
            	c := newConn()
            	c.Start()
            	c.inbox <- "hello" // want "stopped-receiver"
            	c.Close()
            }
            """);
    }

    [Fact]
    public void Send_to_a_loop_whose_leaving_case_drains_the_channel_in_a_callee_is_not_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            import (
            	"context"
            	"time"
            )

            type supervisor struct {
            	done    chan string
            	pending map[string]bool
            }

            func newSupervisor() *supervisor { return &supervisor{done: make(chan string), pending: map[string]bool{}} }

            func (s *supervisor) serve(ctx context.Context) {
            	for {
            		select {
            		case name := <-s.done:
            			delete(s.pending, name)
            		case <-ctx.Done():
            			s.shutdown()
            			return
            		}
            	}
            }

            func (s *supervisor) shutdown() {
            	timeout := time.After(time.Second)
            	for len(s.pending) > 0 {
            		select {
            		case name := <-s.done:
            			delete(s.pending, name)
            		case <-timeout:
            			return
            		}
            	}
            }

            func (s *supervisor) remove(name string) {
            	go func() { s.done <- name }()
            }
            """);
    }

    [Fact]
    public void Send_to_a_loop_whose_leaving_case_calls_a_cleanup_that_does_not_receive_is_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            import "context"

            type supervisor struct {
            	done    chan string
            	pending map[string]bool
            }

            func newSupervisor() *supervisor { return &supervisor{done: make(chan string), pending: map[string]bool{}} }

            func (s *supervisor) serve(ctx context.Context) {
            	for {
            		select {
            		case name := <-s.done:
            			delete(s.pending, name)
            		case <-ctx.Done():
            			s.shutdown()
            			return
            		}
            	}
            }

            func (s *supervisor) shutdown() { s.pending = nil }

            func (s *supervisor) remove(name string) {
            	go func() { s.done <- name }() // want "stopped-receiver"
            }
            """);
    }

    [Fact]
    public void Send_to_a_loop_stopped_only_after_waiting_for_the_sending_goroutines_is_not_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            import "sync"

            type store struct {
            	abandon chan int
            	stop    chan struct{}
            	workers sync.WaitGroup
            }

            func newStore() *store {
            	s := &store{abandon: make(chan int), stop: make(chan struct{})}
            	go s.versions()
            	return s
            }

            func (s *store) versions() {
            	for {
            		select {
            		case id := <-s.abandon:
            			_ = id
            		case <-s.stop:
            			return
            		}
            	}
            }

            func (s *store) compact(id int) {
            	defer s.workers.Done()
            	s.abandon <- id
            }

            func (s *store) Start() {
            	s.workers.Add(1)
            	go s.compact(1)
            }

            func (s *store) close() { close(s.stop) }

            func (s *store) Close() {
            	s.workers.Wait()
            	s.close()
            }
            """);
    }

    [Fact]
    public void Send_to_a_loop_stopped_before_waiting_for_the_sending_goroutines_is_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            import "sync"

            type store struct {
            	abandon chan int
            	stop    chan struct{}
            	workers sync.WaitGroup
            }

            func newStore() *store {
            	s := &store{abandon: make(chan int), stop: make(chan struct{})}
            	go s.versions()
            	return s
            }

            func (s *store) versions() {
            	for {
            		select {
            		case id := <-s.abandon:
            			_ = id
            		case <-s.stop:
            			return
            		}
            	}
            }

            func (s *store) compact(id int) {
            	defer s.workers.Done()
            	s.abandon <- id // want "stopped-receiver"
            }

            func (s *store) Start() {
            	s.workers.Add(1)
            	go s.compact(1)
            }

            func (s *store) close() { close(s.stop) }

            func (s *store) Close() {
            	s.close()
            	s.workers.Wait()
            }
            """);
    }

    [Fact]
    public void Send_to_a_loop_a_constructor_stops_only_in_its_deferred_failure_cleanup_is_not_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            import (
            	"errors"
            	"sync"
            )

            type store struct {
            	abandon chan int
            	stop    chan struct{}
            	workers sync.WaitGroup
            }

            func newStore() *store {
            	s := &store{abandon: make(chan int), stop: make(chan struct{})}
            	go s.versions()
            	return s
            }

            func (s *store) versions() {
            	for {
            		select {
            		case id := <-s.abandon:
            			_ = id
            		case <-s.stop:
            			return
            		}
            	}
            }

            func (s *store) commit(id int) error {
            	if id < 0 {
            		s.abandon <- id
            		return errors.New("bad id")
            	}
            	return nil
            }

            func (s *store) close() { close(s.stop) }

            func Open(id int) (s *store, err error) {
            	s = newStore()
            	defer func() {
            		if err != nil {
            			s.close()
            		}
            	}()
            	err = s.commit(id)
            	return s, err
            }

            func (s *store) Close() {
            	s.workers.Wait()
            	s.close()
            }
            """);
    }

    [Fact]
    public void Send_to_a_loop_stopped_by_a_deferred_cleanup_in_a_function_that_starts_the_senders_is_reported()
    {
        LintTest.CheckTyped(StoppedReceiver.Rule, """
            package p

            import "sync"

            type store struct {
            	abandon chan int
            	stop    chan struct{}
            	workers sync.WaitGroup
            }

            func newStore() *store {
            	s := &store{abandon: make(chan int), stop: make(chan struct{})}
            	go s.versions()
            	return s
            }

            func (s *store) versions() {
            	for {
            		select {
            		case id := <-s.abandon:
            			_ = id
            		case <-s.stop:
            			return
            		}
            	}
            }

            func (s *store) commit(id int) { s.abandon <- id } // want "stopped-receiver"

            func (s *store) close() { close(s.stop) }

            func Run(n int) {
            	s := newStore()
            	defer s.close()
            	for i := 0; i < n; i++ {
            		go s.commit(i)
            	}
            }
            """);
    }
}
