using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class StopNotCalledTests
{
    private const string Watcher = """
        package p

        type watcher struct {
        	stopCh chan struct{}
        	events chan string
        }

        func newWatcher() *watcher {
        	w := &watcher{stopCh: make(chan struct{}), events: make(chan string)}
        	go w.run()
        	return w
        }

        func (w *watcher) run() {
        	for {
        		select {
        		case <-w.stopCh:
        			return
        		case w.events <- "tick":
        		}
        	}
        }

        func (w *watcher) Stop() { close(w.stopCh) }

        """;

    [Fact]
    public void Value_whose_stop_is_never_called_is_reported_where_it_is_made()
    {
        var found = LintTest.CheckTyped(StopNotCalled.Rule, Watcher + """
            func first() string {
            	w := newWatcher() // want "stop-not-called"
            	return <-w.events
            }
            """);
        var finding = Assert.Single(found);
        Assert.Equal([17, 24], finding.Related.Select(r => r.Start.Line));
        Assert.Contains("`Stop`", finding.Message);
    }

    [Fact]
    public void Value_stopped_by_a_deferred_call_is_not_reported()
    {
        LintTest.CheckTyped(StopNotCalled.Rule, Watcher + """
            func first() string {
            	w := newWatcher()
            	defer w.Stop()
            	return <-w.events
            }
            """);
    }

    [Fact]
    public void Value_returned_stored_or_passed_on_is_not_reported()
    {
        LintTest.CheckTyped(StopNotCalled.Rule, Watcher + """
            type hub struct{ watchers []*watcher }

            func keep(w *watcher) {}

            func (h *hub) add() { h.watchers = append(h.watchers, newWatcher()) }

            func (h *hub) addOne() {
            	w := newWatcher()
            	h.watchers = append(h.watchers, w)
            }

            func passed() {
            	w := newWatcher()
            	keep(w)
            }

            func returned() *watcher {
            	w := newWatcher()
            	return w
            }
            """);
    }

    [Fact]
    public void Return_before_the_value_is_handed_on_is_reported_at_its_goroutine()
    {
        var found = LintTest.CheckTyped(StopNotCalled.Rule, Watcher + """
            func dial(ready chan bool) *watcher {
            	w := &watcher{stopCh: make(chan struct{}), events: make(chan string)}
            	go w.run() // want "stop-not-called"
            	if !<-ready {
            		return nil
            	}
            	return w
            }
            """);
        Assert.Equal(29, Assert.Single(found).Related[0].Start.Line);
    }

    [Fact]
    public void Return_under_the_constructors_error_check_is_not_reported()
    {
        LintTest.CheckTyped(StopNotCalled.Rule, Watcher + """
            func open(fail bool) (*watcher, error) {
            	if fail {
            		return nil, nil
            	}
            	return newWatcher(), nil
            }

            func use() error {
            	w, err := open(false)
            	if err != nil {
            		return err
            	}
            	defer w.Stop()
            	return nil
            }
            """);
    }

    [Fact]
    public void Goroutine_with_another_way_out_is_not_reported()
    {
        LintTest.CheckTyped(StopNotCalled.Rule, """
            package p

            type pump struct {
            	stopCh chan struct{}
            	in     chan string
            }

            func (p *pump) run() {
            	for {
            		select {
            		case <-p.stopCh:
            			return
            		case s, ok := <-p.in:
            			if !ok {
            				return
            			}
            			_ = s
            		}
            	}
            }

            func (p *pump) Stop() { close(p.stopCh) }

            func start(in chan string) {
            	p := &pump{stopCh: make(chan struct{}), in: in}
            	go p.run()
            }
            """);
    }

    [Fact]
    public void Value_handed_on_before_its_goroutine_starts_is_not_reported()
    {
        LintTest.CheckTyped(StopNotCalled.Rule, Watcher + """
            var all = map[*watcher]bool{}

            func register() {
            	w := &watcher{stopCh: make(chan struct{}), events: make(chan string)}
            	all[w] = true
            	go w.run()
            }
            """);
    }

    [Fact]
    public void Context_waiter_whose_cancel_only_rollback_calls_is_reported_when_rollback_is_never_called()
    {
        LintTest.CheckTyped(StopNotCalled.Rule, """
            package p

            import "context"

            type tx struct {
            	ctx    context.Context
            	cancel context.CancelFunc
            }

            func begin(parent context.Context) (*tx, error) {
            	t := &tx{}
            	t.ctx, t.cancel = context.WithCancel(parent)
            	go t.awaitDone()
            	return t, nil
            }

            func (t *tx) awaitDone() { <-t.ctx.Done() }

            func (t *tx) Commit() error { return nil }

            func (t *tx) Rollback() { t.cancel() }

            func store(parent context.Context) error {
            	t, err := begin(parent) // want "stop-not-called"
            	if err != nil {
            		return err
            	}
            	return t.Commit()
            }

            func storeSafely(parent context.Context) error {
            	t, err := begin(parent)
            	if err != nil {
            		return err
            	}
            	defer t.Rollback()
            	return t.Commit()
            }
            """);
    }

    [Fact]
    public void Context_waiter_of_a_type_with_no_cancel_field_call_is_not_reported()
    {
        LintTest.CheckTyped(StopNotCalled.Rule, """
            package p

            import "context"

            type tx struct{ ctx context.Context }

            func begin(parent context.Context) *tx {
            	t := &tx{ctx: parent}
            	go t.awaitDone()
            	return t
            }

            func (t *tx) awaitDone() { <-t.ctx.Done() }

            func store(parent context.Context) {
            	t := begin(parent)
            	_ = t.ctx
            }
            """);
    }
    [Fact]
    public void Constructor_called_as_a_statement_is_reported_at_the_call()
    {
        var found = LintTest.CheckTyped(StopNotCalled.Rule, Watcher + """
            func warmUp() {
            	newWatcher() // want "stop-not-called"
            }
            """);
        Assert.Equal([17, 24], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Constructor_result_assigned_to_the_blank_identifier_is_reported()
    {
        LintTest.CheckTyped(StopNotCalled.Rule, Watcher + """
            func warmUp() {
            	_ = newWatcher() // want "stop-not-called"
            }
            """);
    }

    [Fact]
    public void Dropped_result_of_a_function_that_also_registers_the_value_is_not_reported()
    {
        LintTest.CheckTyped(StopNotCalled.Rule, Watcher.Replace("\treturn w\n", "\twatchers = append(watchers, w)\n\treturn w\n") + """
            var watchers []*watcher

            func warmUp() {
            	newWatcher()
            }

            func stopAll() {
            	for _, w := range watchers {
            		w.Stop()
            	}
            }
            """);
    }
}
