using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class CloseSkippedTests
{
    [Fact]
    public void Early_return_before_the_close_a_goroutine_waits_for_is_reported_with_the_close_and_the_wait_related()
    {
        var found = LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            func run(step func() error, cleanup func()) error {
            	done := make(chan struct{})
            	go func() {
            		<-done
            		cleanup()
            	}()
            	if err := step(); err != nil {
            		return err // want "close-skipped"
            	}
            	close(done)
            	return nil
            }
            """);
        Assert.Equal([12, 6], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Deferred_close_is_not_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            func run(step func() error) error {
            	done := make(chan struct{})
            	defer close(done)
            	go func() { <-done }()
            	if err := step(); err != nil {
            		return err
            	}
            	return nil
            }
            """);
    }

    [Fact]
    public void Return_after_closing_on_its_own_path_is_not_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            func run(step func() error) error {
            	done := make(chan struct{})
            	go func() { <-done }()
            	if err := step(); err != nil {
            		close(done)
            		return err
            	}
            	close(done)
            	return nil
            }
            """);
    }

    [Fact]
    public void Waiter_that_can_also_leave_on_ctx_Done_is_not_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            import "context"

            func run(ctx context.Context, step func() error) error {
            	done := make(chan struct{})
            	go func() {
            		select {
            		case <-done:
            		case <-ctx.Done():
            		}
            	}()
            	if err := step(); err != nil {
            		return err
            	}
            	close(done)
            	return nil
            }
            """);
    }

    [Fact]
    public void Goroutine_started_after_the_return_is_not_waiting_yet()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            func run(step func() error) error {
            	done := make(chan struct{})
            	if err := step(); err != nil {
            		return err
            	}
            	go func() { <-done }()
            	close(done)
            	return nil
            }
            """);
    }

    [Fact]
    public void Channel_also_closed_elsewhere_is_not_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            type S struct{ quit chan struct{} }

            func (s *S) Stop() { close(s.quit) }

            func (s *S) serve(step func() error) {
            	if step() != nil {
            		return
            	}
            	close(s.quit)
            }

            func (s *S) wait() { <-s.quit }
            """);
    }

    [Fact]
    public void Return_that_guards_a_second_call_rather_than_a_failure_is_not_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            import "sync"

            type S struct {
            	mu       sync.Mutex
            	shutdown bool
            	quit     chan struct{}
            }

            func (s *S) Shutdown() {
            	s.mu.Lock()
            	if s.shutdown {
            		s.mu.Unlock()
            		return
            	}
            	s.shutdown = true
            	s.mu.Unlock()
            	close(s.quit)
            }

            func (s *S) wait() { <-s.quit }
            """);
    }

    [Fact]
    public void Return_in_a_case_that_received_the_close_is_not_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            type S struct{ block chan struct{} }

            func (s *S) first() error {
            	select {
            	case <-s.block:
            		return nil
            	default:
            	}
            	close(s.block)
            	return nil
            }

            func (s *S) wait() { <-s.block }
            """);
    }

    [Fact]
    public void Waiter_whose_other_case_is_closed_by_a_deferred_close_is_not_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            func run(step func() error) {
            	readc := make(chan struct{})
            	donec := make(chan struct{})
            	go func() {
            		select {
            		case <-readc:
            		case <-donec:
            		}
            	}()
            	func() {
            		defer close(donec)
            		if err := step(); err != nil {
            			return
            		}
            		close(readc)
            	}()
            }
            """);
    }

    [Fact]
    public void Return_before_the_value_holding_the_channel_leaves_the_constructor_is_not_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            import "errors"

            type Daemon struct {
            	startupDone chan struct{}
            	events      func(*Daemon) error
            	name        string
            }

            func (d *Daemon) waitForStartup() {
            	<-d.startupDone
            }

            func (d *Daemon) handleExit() {
            	d.waitForStartup()
            }

            func (d *Daemon) configure() error { return nil }

            func NewDaemon(name string, subscribe func(*Daemon) error) (*Daemon, error) {
            	if name == "" {
            		return nil, errors.New("no name")
            	}
            	d := &Daemon{startupDone: make(chan struct{})}
            	defer func() {
            		if d.name == "" {
            			d.configure()
            		}
            	}()
            	d.name = name
            	if err := d.configure(); err != nil {
            		return nil, err
            	}
            	if err := subscribe(d); err != nil {
            		return nil, err // want "close-skipped"
            	}
            	close(d.startupDone)
            	return d, nil
            }
            """);
    }

    [Fact]
    public void Return_after_a_method_that_reaches_the_waiter_ran_is_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            type Daemon struct {
            	startupDone chan struct{}
            	events      func(*Daemon) error
            	name        string
            }

            func (d *Daemon) waitForStartup() {
            	<-d.startupDone
            }

            func (d *Daemon) handleExit() {
            	d.waitForStartup()
            }

            func (d *Daemon) configure() error { return nil }

            func NewDaemon(name string) (*Daemon, error) {
            	d := &Daemon{startupDone: make(chan struct{})}
            	go d.handleExit()
            	if err := d.configure(); err != nil {
            		return nil, err // want "close-skipped"
            	}
            	close(d.startupDone)
            	return d, nil
            }
            """);
    }

    [Fact]
    public void Return_after_the_value_went_only_to_a_function_of_unknown_type_is_not_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            import "example.com/missing/volumes"

            type Daemon struct {
            	startupDone chan struct{}
            	volumes     any
            }

            func (d *Daemon) handleExit() { go func() { <-d.startupDone }() }

            func (d *Daemon) restore() error { return nil }

            func NewDaemon() (*Daemon, error) {
            	d := &Daemon{startupDone: make(chan struct{})}
            	var err error
            	d.volumes, err = volumes.NewService(d)
            	if err != nil {
            		return nil, err
            	}
            	if err := d.restore(); err != nil {
            		return nil, err
            	}
            	close(d.startupDone)
            	return d, nil
            }
            """);
    }

    [Fact]
    public void Return_after_the_value_went_to_a_known_function_that_may_keep_it_is_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            type Daemon struct {
            	startupDone chan struct{}
            	volumes     any
            }

            func (d *Daemon) handleExit() { go func() { <-d.startupDone }() }

            func (d *Daemon) restore() error { return nil }

            func newService(d *Daemon) (any, error) { return d, nil }

            func NewDaemon() (*Daemon, error) {
            	d := &Daemon{startupDone: make(chan struct{})}
            	var err error
            	d.volumes, err = newService(d)
            	if err != nil {
            		return nil, err // want "close-skipped"
            	}
            	if err := d.restore(); err != nil {
            		return nil, err // want "close-skipped"
            	}
            	close(d.startupDone)
            	return d, nil
            }
            """);
    }

    [Fact]
    public void Return_before_the_field_holding_the_channel_is_set_is_not_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            type checker struct{ ready chan struct{} }

            func newChecker() *checker {
            	hc := &checker{ready: make(chan struct{})}
            	go hc.maintain()
            	return hc
            }

            func (hc *checker) maintain() { <-hc.ready }

            type Pool struct {
            	hc   *checker
            	name string
            }

            func NewPool(name string, validate func() error) (*Pool, error) {
            	if err := validate(); err != nil {
            		return nil, err
            	}
            	pool := &Pool{}
            	if err := validate(); err != nil {
            		return nil, err
            	}
            	pool.name = name
            	pool.hc = newChecker()
            	close(pool.hc.ready)
            	return pool, nil
            }
            """);
    }

    [Fact]
    public void Return_after_the_field_holding_the_channel_came_from_a_constructor_that_starts_the_waiter_is_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            type checker struct{ ready chan struct{} }

            func newChecker() *checker {
            	hc := &checker{ready: make(chan struct{})}
            	go hc.maintain()
            	return hc
            }

            func (hc *checker) maintain() { <-hc.ready }

            type Pool struct {
            	hc   *checker
            	name string
            }

            func NewPool(name string, initialize func() error) (*Pool, error) {
            	pool := &Pool{}
            	pool.name = name
            	pool.hc = newChecker()
            	if err := initialize(); err != nil {
            		return nil, err // want "close-skipped"
            	}
            	close(pool.hc.ready)
            	return pool, nil
            }
            """);
    }

    [Fact]
    public void Return_after_the_channel_field_was_handed_to_a_goroutine_is_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            type Daemon struct{ startupDone chan struct{} }

            func waitFor(done chan struct{}) { <-done }

            func NewDaemon(restore func() error) (*Daemon, error) {
            	d := &Daemon{startupDone: make(chan struct{})}
            	go waitFor(d.startupDone)
            	if err := restore(); err != nil {
            		return nil, err // want "close-skipped"
            	}
            	close(d.startupDone)
            	return d, nil
            }
            """);
    }

    [Fact]
    public void Return_of_a_method_its_receivers_state_refuses_is_not_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            import (
            	"errors"
            	"sync/atomic"
            )

            const (
            	disconnected int64 = iota
            	connected
            	disconnecting
            )

            var ErrServerClosed = errors.New("server is closed")

            type Server struct {
            	state int64
            	done  chan struct{}
            }

            func (s *Server) Connect() {
            	if atomic.CompareAndSwapInt64(&s.state, disconnected, connected) {
            		go s.update()
            	}
            }

            func (s *Server) update() { <-s.done }

            func (s *Server) Disconnect() error {
            	if !atomic.CompareAndSwapInt64(&s.state, connected, disconnecting) {
            		return ErrServerClosed
            	}
            	close(s.done)
            	return nil
            }
            """);
    }

    [Fact]
    public void Return_of_a_method_on_a_failure_after_its_state_test_is_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            import (
            	"errors"
            	"sync/atomic"
            )

            const (
            	disconnected int64 = iota
            	connected
            	disconnecting
            )

            var ErrServerClosed = errors.New("server is closed")

            type Server struct {
            	state int64
            	done  chan struct{}
            	flush func() error
            }

            func (s *Server) Connect() {
            	if atomic.CompareAndSwapInt64(&s.state, disconnected, connected) {
            		go s.update()
            	}
            }

            func (s *Server) update() { <-s.done }

            func (s *Server) Disconnect() error {
            	if !atomic.CompareAndSwapInt64(&s.state, connected, disconnecting) {
            		return ErrServerClosed
            	}
            	if err := s.flush(); err != nil {
            		return err // want "close-skipped"
            	}
            	close(s.done)
            	return nil
            }
            """);
    }

    [Fact]
    public void Return_refused_by_the_receivers_state_after_the_method_started_the_waiter_is_reported()
    {
        LintTest.CheckTyped(CloseSkipped.Rule, """
            package p

            import "errors"

            var ErrNoHandler = errors.New("no handler")

            type Server struct {
            	handler func()
            	done    chan struct{}
            }

            func (s *Server) watch() { <-s.done }

            func (s *Server) Run() error {
            	go s.watch()
            	if s.handler == nil {
            		return ErrNoHandler // want "close-skipped"
            	}
            	s.handler()
            	close(s.done)
            	return nil
            }
            """);
    }
}
