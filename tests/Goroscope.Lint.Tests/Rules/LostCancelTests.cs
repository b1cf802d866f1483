using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class LostCancelTests
{
    private static readonly Analyzer Rule = LostCancel.Rule;

    [Fact]
    public void Discarded_cancel_is_reported()
    {
        LintTest.Check(Rule, """
            package a

            import ("context"; "time")

            func f(parent context.Context) {
            	ctx, _ := context.WithTimeout(parent, time.Second) // want "lost-cancel"
            	use(ctx)
            }

            func use(context.Context) {}
            """);
    }

    [Fact]
    public void Return_before_the_cancel_is_used_is_reported()
    {
        LintTest.Check(Rule, """
            package a

            import "context"

            func f(parent context.Context, fail bool) error {
            	ctx, cancel := context.WithCancel(parent) // want "lost-cancel"
            	if fail {
            		return nil
            	}
            	defer cancel()
            	return use(ctx)
            }

            func use(context.Context) error { return nil }
            """);
    }

    [Fact]
    public void Return_before_a_context_of_a_root_parent_is_used_is_not_reported()
    {
        LintTest.Check(Rule, """
            package a

            import "context"

            var cache = map[string]int{}

            func lookup(key string) int {
            	ctx, cancel := context.WithCancel(context.WithValue(context.TODO(), "name", key))
            	if v, ok := cache[key]; ok {
            		return v
            	}
            	defer cancel()
            	return use(ctx)
            }

            func handedOn(key string) int {
            	ctx, cancel := context.WithCancel(context.Background()) // want "lost-cancel"
            	go use(ctx)
            	if v, ok := cache[key]; ok {
            		return v
            	}
            	defer cancel()
            	return 0
            }

            func use(context.Context) int { return 0 }
            """);
    }

    [Fact]
    public void Cancel_called_before_it_is_reassigned_round_a_loop_is_not_reported()
    {
        LintTest.Check(Rule, """
            package a

            import "context"

            func watch(ctx context.Context, errs <-chan error, restart func(context.Context)) {
            	aggrCtx, aggrCancel := context.WithCancel(ctx)
            	defer aggrCancel()
            	restart(aggrCtx)
            	for {
            		select {
            		case <-errs:
            			aggrCancel()
            			aggrCtx, aggrCancel = context.WithCancel(ctx)
            			restart(aggrCtx)
            		case <-ctx.Done():
            			return
            		}
            	}
            }
            """);
    }

    [Fact]
    public void Deferred_passed_returned_or_captured_cancel_is_not_reported()
    {
        LintTest.Check(Rule, """
            package a

            import "context"

            func deferred(parent context.Context) {
            	ctx, cancel := context.WithCancel(parent)
            	defer cancel()
            	use(ctx)
            }

            func passed(parent context.Context) {
            	ctx, cancel := context.WithCancel(parent)
            	register(cancel)
            	use(ctx)
            }

            func returned(parent context.Context) (context.Context, context.CancelFunc) {
            	ctx, cancel := context.WithCancel(parent)
            	return ctx, cancel
            }

            func inDeferredClosure(parent context.Context) {
            	ctx, cancel := context.WithCancel(parent)
            	defer func() { cancel() }()
            	use(ctx)
            }

            func calledBeforeReturn(parent context.Context, fail bool) {
            	ctx, cancel := context.WithCancel(parent)
            	if fail {
            		cancel()
            		return
            	}
            	defer cancel()
            	use(ctx)
            }

            func closureMadeBefore(parent context.Context, slow bool) {
            	cancel := func() {}
            	defer func() { cancel() }()
            	ctx := parent
            	if slow {
            		ctx, cancel = context.WithCancel(parent)
            	}
            	use(ctx)
            }

            func returnUsesIt(parent context.Context) context.CancelFunc {
            	_, cancel := context.WithCancel(parent)
            	return cancel
            }

            func use(context.Context) {}
            func register(func()) {}
            """);
    }

    [Fact]
    public void A_local_type_named_context_is_not_the_context_package()
    {
        LintTest.Check(Rule, """
            package a

            func f() {
            	var context helper
            	_, _ = context.WithCancel(nil)
            }

            type helper struct{}

            func (helper) WithCancel(any) (int, int) { return 0, 0 }
            """);
    }

    [Fact]
    public void Cancel_kept_only_in_a_field_nothing_reads_is_reported()
    {
        LintTest.CheckTyped(Rule, """
            package p

            import "context"

            type worker struct {
            	ctx    context.Context
            	cancel context.CancelFunc
            }

            func start(parent context.Context) *worker {
            	ctx, cancel := context.WithCancel(parent) // want "lost-cancel"
            	return &worker{ctx: ctx, cancel: cancel}
            }

            func (w *worker) restart(parent context.Context) {
            	w.ctx, w.cancel = context.WithCancel(parent) // want "lost-cancel"
            }

            func (w *worker) wait() { <-w.ctx.Done() }
            """);
    }

    [Fact]
    public void Cancel_in_a_field_nothing_reads_is_not_reported_when_the_context_stays_in_the_function()
    {
        LintTest.CheckTyped(Rule, """
            package p

            import "context"

            type attempt struct{ cancel context.CancelFunc }

            func try(parent context.Context, do func(context.Context) error) (*attempt, error) {
            	ctx, cancel := context.WithCancel(parent)
            	a := &attempt{cancel: cancel}
            	return a, do(ctx)
            }
            """);
    }

    [Fact]
    public void Cancel_field_called_elsewhere_or_read_through_an_unknown_value_is_not_reported()
    {
        LintTest.CheckTyped(Rule, """
            package p

            import (
            	"context"

            	"example.com/not/there"
            )

            type worker struct{ cancel context.CancelFunc }

            func (w *worker) start(parent context.Context) context.Context {
            	ctx, cancel := context.WithCancel(parent)
            	w.cancel = cancel
            	return ctx
            }

            func (w *worker) Stop() { w.cancel() }

            type job struct{ stop context.CancelFunc }

            func (j *job) start(parent context.Context) (ctx context.Context) {
            	ctx, j.stop = context.WithCancel(parent)
            	return ctx
            }

            func halt() { there.Job().stop() }
            """);
    }

    [Fact]
    public void Cancel_in_a_named_result_handed_on_by_bare_returns_is_not_reported()
    {
        LintTest.Check(Rule, """
            package a

            import "context"

            type key struct{}

            func base(parent context.Context, ok bool) (ctx context.Context, cancel func()) {
            	ctx, cancel = context.WithCancel(parent)
            	if !ok {
            		return
            	}
            	ctx = context.WithValue(ctx, key{}, 1)
            	return
            }
            """);
    }

    [Fact]
    public void Cancel_in_a_named_result_is_reported_when_an_explicit_return_drops_it()
    {
        LintTest.Check(Rule, """
            package a

            import "context"

            func base(parent context.Context, ok bool) (ctx context.Context, cancel func()) {
            	ctx, cancel = context.WithCancel(parent) // want "lost-cancel"
            	if !ok {
            		return parent, func() {}
            	}
            	return
            }
            """);
    }

    [Fact]
    public void Discarded_cancel_of_a_timed_context_of_a_root_parent_is_not_reported()
    {
        LintTest.Check(Rule, """
            package a

            import ("context"; "time")

            type key struct{}

            func simple() context.Context {
            	ctx, _ := context.WithTimeout(context.TODO(), 2*time.Second)
            	return ctx
            }

            func until(deadline time.Time) context.Context {
            	ctx, cancel := context.WithDeadline(context.WithValue(context.Background(), key{}, 1), deadline)
            	return ctx
            }
            """);
    }

    [Fact]
    public void Discarded_cancel_of_a_root_parent_without_a_timer_is_reported_as_living_forever()
    {
        var found = LintTest.Check(Rule, """
            package a

            import "context"

            func simple() context.Context {
            	ctx, _ := context.WithCancel(context.Background()) // want "lost-cancel"
            	return ctx
            }
            """);
        Assert.Contains("forever", found.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discarded_cancel_of_a_timed_context_of_a_caller_context_is_reported_as_living_until_its_deadline()
    {
        var found = LintTest.Check(Rule, """
            package a

            import ("context"; "time")

            func attempt(parent context.Context, work func(context.Context) error) error {
            	ctx, _ := context.WithTimeout(parent, time.Minute) // want "lost-cancel"
            	return work(ctx)
            }
            """);
        Assert.Contains("until its deadline passes or its parent is cancelled", found.Single().Message, StringComparison.Ordinal);
        Assert.DoesNotContain("forever", found.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timed_context_returned_to_callers_that_make_one_per_request_is_not_reported()
    {
        LintTest.CheckTyped(Rule, """
            package a

            import ("context"; "time")

            // Annotate derives the request's context; the request's end cancels the parent.
            func Annotate(ctx context.Context, timeout time.Duration) context.Context {
            	if timeout != 0 {
            		ctx, _ = context.WithTimeout(ctx, timeout)
            	}
            	return ctx
            }

            func handle(ctx context.Context) context.Context {
            	return Annotate(ctx, time.Second)
            }
            """);
    }

    [Fact]
    public void Timed_context_returned_to_a_caller_that_makes_one_every_round_of_a_loop_is_reported()
    {
        var found = LintTest.CheckTyped(Rule, """
            package a

            import ("context"; "time")

            func perAttempt(parent context.Context, timeout time.Duration) context.Context {
            	ctx, _ := context.WithTimeout(parent, timeout) // want "lost-cancel"
            	return ctx
            }

            func retry(parent context.Context, call func(context.Context) error) error {
            	var err error
            	for i := 0; i < 5; i++ {
            		if err = call(perAttempt(parent, time.Minute)); err == nil {
            			return nil
            		}
            	}
            	return err
            }
            """);
        Assert.Contains("every round of a loop (line 13)", found.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Return_after_a_package_function_only_adds_values_to_a_root_context_is_not_reported()
    {
        LintTest.CheckTyped(Rule, """
            package a

            import "context"

            type nameKey struct{}

            func withName(ctx context.Context, name string) context.Context {
            	if old, ok := ctx.Value(nameKey{}).(string); ok {
            		name = old + "/" + name
            	}
            	return context.WithValue(ctx, nameKey{}, name)
            }

            func start(fail bool) (func(), error) {
            	ctx, cancel := context.WithCancel(context.Background())
            	ctx = withName(ctx, "testing")
            	if fail {
            		return nil, errFail
            	}
            	go wait(ctx)
            	return cancel, nil
            }

            var errFail error

            func wait(ctx context.Context) { <-ctx.Done() }
            """);
    }

    [Fact]
    public void Return_after_a_package_function_hands_a_root_context_to_a_goroutine_is_reported()
    {
        LintTest.CheckTyped(Rule, """
            package a

            import "context"

            type nameKey struct{}

            func withName(ctx context.Context, name string) context.Context {
            	ctx = context.WithValue(ctx, nameKey{}, name)
            	go func() { <-ctx.Done() }()
            	return ctx
            }

            func start(fail bool) (func(), error) {
            	ctx, cancel := context.WithCancel(context.Background()) // want "lost-cancel"
            	ctx = withName(ctx, "testing")
            	if fail {
            		return nil, errFail
            	}
            	return cancel, nil
            }

            var errFail error
            """);
    }

    [Fact]
    public void Return_after_a_dependency_only_adds_values_to_a_root_context_is_not_reported()
    {
        // runtime/pprof.WithLabels reads the labels with ctx.Value (through labelValue) and wraps ctx with context.WithValue.
        LintTest.CheckTyped(Rule, """
            package a

            import ("context"; "runtime/pprof")

            func start(fail bool) func() {
            	ctx, cancel := context.WithCancel(context.Background())
            	ctx = pprof.WithLabels(ctx, pprof.Labels("worker", "1"))
            	if fail {
            		return nil
            	}
            	go func() { <-ctx.Done() }()
            	return cancel
            }
            """);
    }

    [Fact]
    public void Return_after_a_dependency_that_waits_on_a_root_context_is_reported()
    {
        // signal.NotifyContext starts a goroutine that waits on ctx.Done().
        LintTest.CheckTyped(Rule, """
            package a

            import ("context"; "os"; "os/signal")

            func start(fail bool) func() {
            	ctx, cancel := context.WithCancel(context.Background()) // want "lost-cancel"
            	ctx, _ = signal.NotifyContext(ctx, os.Interrupt)
            	if fail {
            		return nil
            	}
            	go func() { <-ctx.Done() }()
            	return cancel
            }
            """);
    }

    [Fact]
    public void Root_context_in_a_return_with_a_non_nil_error_is_not_handed_on()
    {
        LintTest.Check(Rule, """
            package a

            import ("context"; "os")

            func testEnv() (context.Context, string, func(), error) {
            	ctx, cancel := context.WithCancel(context.Background())
            	dir, err := os.MkdirTemp("", "fuzz-")
            	if err != nil {
            		return ctx, "", nil, err
            	}
            	return ctx, dir, cancel, nil
            }
            """);
    }

    [Fact]
    public void Root_context_in_a_return_without_an_error_is_handed_on()
    {
        LintTest.Check(Rule, """
            package a

            import ("context"; "os")

            func testEnv() (context.Context, string, func(), error) {
            	ctx, cancel := context.WithCancel(context.Background()) // want "lost-cancel"
            	dir, err := os.MkdirTemp("", "fuzz-")
            	if err != nil {
            		return ctx, "", nil, nil
            	}
            	return ctx, dir, cancel, nil
            }
            """);
    }

    [Fact]
    public void Return_after_a_package_function_hands_its_context_out_through_a_closure_is_reported()
    {
        LintTest.CheckTyped(Rule, """
            package a

            import "context"

            type nameKey struct{}

            func withName(ctx context.Context, name string) context.Context {
            	get := func() context.Context { return ctx }
            	go wait(get())
            	return context.WithValue(ctx, nameKey{}, name)
            }

            func wait(ctx context.Context) { <-ctx.Done() }

            func start(fail bool) (func(), error) {
            	ctx, cancel := context.WithCancel(context.Background()) // want "lost-cancel"
            	ctx = withName(ctx, "testing")
            	if fail {
            		return nil, errFail
            	}
            	return cancel, nil
            }

            var errFail error
            """);
    }

    [Fact]
    public void Cancel_in_a_field_only_checked_against_nil_is_reported()
    {
        LintTest.CheckTyped(Rule, """
            package p

            import "context"

            type resolver struct {
            	ctx    context.Context
            	cancel context.CancelFunc
            }

            func (r *resolver) start(parent context.Context) {
            	r.ctx, r.cancel = context.WithCancel(parent) // want "lost-cancel"
            }

            func (r *resolver) running() bool { return r.cancel != nil }

            func (r *resolver) watch() { <-r.ctx.Done() }
            """);
    }

    [Fact]
    public void Cancel_in_a_field_nothing_calls_is_reported_when_the_context_goes_to_a_goroutine()
    {
        var found = LintTest.CheckTyped(Rule, """
            package p

            import "context"

            type stream struct{ cancel context.CancelFunc }

            func awaitDone(ctx context.Context, rows chan int) {
            	<-ctx.Done()
            	close(rows)
            }

            func open(parent context.Context, rows chan int) *stream {
            	ctx, cancel := context.WithCancel(parent) // want "lost-cancel"
            	s := &stream{cancel: cancel}
            	go awaitDone(ctx, rows)
            	return s
            }
            """);
        Assert.Contains("handed to the goroutine started on line 15", Assert.Single(found).Message);
    }

    [Fact]
    public void Cancel_in_a_field_called_by_a_method_is_not_reported_when_the_context_goes_to_a_goroutine()
    {
        LintTest.CheckTyped(Rule, """
            package p

            import "context"

            type stream struct{ cancel context.CancelFunc }

            func awaitDone(ctx context.Context, rows chan int) {
            	<-ctx.Done()
            	close(rows)
            }

            func open(parent context.Context, rows chan int) *stream {
            	ctx, cancel := context.WithCancel(parent)
            	s := &stream{cancel: cancel}
            	go awaitDone(ctx, rows)
            	return s
            }

            func (s *stream) Close() {
            	if s.cancel != nil {
            		s.cancel()
            	}
            }
            """);
    }
}
