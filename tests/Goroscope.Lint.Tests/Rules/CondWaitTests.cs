using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class CondWaitTests
{
    [Fact]
    public void Wait_under_an_if_instead_of_a_loop_is_reported_with_the_check_as_cause()
    {
        var found = LintTest.CheckTyped(CondWait.Rule, """
            package p

            import "sync"

            type Queue struct {
            	cond  *sync.Cond
            	items []int
            }

            func (q *Queue) Put(v int) {
            	q.cond.L.Lock()
            	q.items = append(q.items, v)
            	q.cond.Signal()
            	q.cond.L.Unlock()
            }

            func (q *Queue) Take() int {
            	q.cond.L.Lock()
            	defer q.cond.L.Unlock()
            	if len(q.items) == 0 {
            		q.cond.Wait() // want "cond-wait"
            	}
            	v := q.items[0]
            	q.items = q.items[1:]
            	return v
            }
            """);
        Assert.Equal([20], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Wait_in_a_for_loop_on_a_signalled_cond_is_not_reported()
    {
        LintTest.CheckTyped(CondWait.Rule, """
            package p

            import "sync"

            var (
            	mu    sync.Mutex
            	ready = sync.NewCond(&mu)
            	done  bool
            )

            func finish() {
            	mu.Lock()
            	done = true
            	ready.Broadcast()
            	mu.Unlock()
            }

            func await() {
            	mu.Lock()
            	for !done {
            		ready.Wait()
            	}
            	mu.Unlock()
            }
            """);
    }

    [Fact]
    public void Cond_that_nothing_signals_is_reported_at_each_wait_with_its_declaration()
    {
        var found = LintTest.CheckTyped(CondWait.Rule, """
            package p

            import "sync"

            type hub struct {
            	mu      sync.Mutex
            	changed *sync.Cond
            	rev     int
            }

            func newHub() *hub {
            	h := &hub{}
            	h.changed = sync.NewCond(&h.mu)
            	return h
            }

            func (h *hub) waitFor(rev int) {
            	h.mu.Lock()
            	for h.rev < rev {
            		h.changed.Wait() // want "cond-wait"
            	}
            	h.mu.Unlock()
            }
            """);
        Assert.Equal([7], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Cond_handed_elsewhere_or_exported_from_a_library_is_not_taken_for_unsignalled()
    {
        LintTest.CheckTyped(CondWait.Rule, """
            package p

            import "sync"

            type Group struct {
            	Ready *sync.Cond
            	n     int
            }

            func (g *Group) Await() {
            	for g.n > 0 {
            		g.Ready.Wait()
            	}
            }

            type local struct {
            	cond *sync.Cond
            	n    int
            }

            func register(c *sync.Cond) {}

            func (l *local) await() {
            	register(l.cond)
            	for l.n > 0 {
            		l.cond.Wait()
            	}
            }
            """);
    }

    [Fact]
    public void Wait_in_a_helper_called_from_a_loop_is_not_reported()
    {
        LintTest.CheckTyped(CondWait.Rule, """
            package p

            import "sync"

            type gate struct {
            	mu   sync.Mutex
            	cond *sync.Cond
            	open bool
            }

            func (g *gate) sleep() { g.cond.Wait() }

            func (g *gate) pass() {
            	g.mu.Lock()
            	for !g.open {
            		g.sleep()
            	}
            	g.mu.Unlock()
            }

            func (g *gate) Open() {
            	g.mu.Lock()
            	g.open = true
            	g.cond.Broadcast()
            	g.mu.Unlock()
            }
            """);
    }

    [Fact]
    public void Without_types_the_rule_reports_nothing()
    {
        Assert.Empty(LintTest.Lint(CondWait.Rule, [("a.go", """
            package p

            import "sync"

            func f(c *sync.Cond) { c.Wait() }
            """)]));
    }

    [Fact]
    public void Wait_under_an_if_in_an_unexported_helper_every_caller_loops_on_is_not_reported()
    {
        LintTest.CheckTyped(CondWait.Rule, """
            package p

            import "sync"

            type Queue struct {
            	cond  *sync.Cond
            	items []int
            }

            func (q *Queue) Put(v int) {
            	q.cond.L.Lock()
            	q.items = append(q.items, v)
            	q.cond.Broadcast()
            	q.cond.L.Unlock()
            }

            func (q *Queue) awaitItem() {
            	if len(q.items) == 0 {
            		q.cond.Wait()
            	}
            }

            func (q *Queue) Take() int {
            	q.cond.L.Lock()
            	defer q.cond.L.Unlock()
            	for len(q.items) == 0 {
            		q.awaitItem()
            	}
            	v := q.items[0]
            	q.items = q.items[1:]
            	return v
            }
            """);
    }

    [Fact]
    public void Wait_under_an_if_in_a_helper_one_caller_does_not_loop_on_is_reported()
    {
        LintTest.CheckTyped(CondWait.Rule, """
            package p

            import "sync"

            type Queue struct {
            	cond  *sync.Cond
            	items []int
            }

            func (q *Queue) Put(v int) {
            	q.cond.L.Lock()
            	q.items = append(q.items, v)
            	q.cond.Broadcast()
            	q.cond.L.Unlock()
            }

            func (q *Queue) awaitItem() {
            	if len(q.items) == 0 {
            		q.cond.Wait() // want "cond-wait"
            	}
            }

            func (q *Queue) Take() int {
            	q.cond.L.Lock()
            	defer q.cond.L.Unlock()
            	for len(q.items) == 0 {
            		q.awaitItem()
            	}
            	return q.items[0]
            }

            func (q *Queue) Peek() int {
            	q.cond.L.Lock()
            	defer q.cond.L.Unlock()
            	q.awaitItem()
            	return q.items[0]
            }
            """);
    }

    [Fact]
    public void Wait_under_an_if_in_an_exported_method_is_reported_though_the_package_calls_it_in_a_loop()
    {
        LintTest.CheckTyped(CondWait.Rule, """
            package p

            import "sync"

            type Queue struct {
            	cond  *sync.Cond
            	items []int
            }

            func (q *Queue) Put(v int) {
            	q.cond.L.Lock()
            	q.items = append(q.items, v)
            	q.cond.Broadcast()
            	q.cond.L.Unlock()
            }

            func (q *Queue) Read(p []int) int {
            	q.cond.L.Lock()
            	defer q.cond.L.Unlock()
            	if len(q.items) == 0 {
            		q.cond.Wait() // want "cond-wait"
            	}
            	n := copy(p, q.items)
            	q.items = q.items[n:]
            	return n
            }

            func drain(q *Queue) {
            	buf := make([]int, 4)
            	for q.Read(buf) > 0 {
            	}
            }
            """);
    }

    [Fact]
    public void Bare_wait_whose_only_signal_is_made_without_the_lock_is_reported_as_a_lost_wake_up()
    {
        var found = LintTest.CheckTyped(CondWait.Rule, """
            package p

            import "sync"

            type loader struct {
            	mu     sync.Mutex
            	loaded *sync.Cond
            	data   []byte
            }

            func (l *loader) start(read func() []byte) {
            	l.loaded = sync.NewCond(&l.mu)
            	go func() {
            		l.data = read()
            		l.loaded.Broadcast()
            	}()
            	l.mu.Lock()
            	l.loaded.Wait() // want "cond-wait"
            	l.mu.Unlock()
            }
            """);
        Assert.Equal([15], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Bare_wait_whose_signaller_takes_the_lock_first_is_not_reported()
    {
        LintTest.CheckTyped(CondWait.Rule, """
            package p

            import "sync"

            type loader struct {
            	mu     sync.Mutex
            	loaded *sync.Cond
            	data   []byte
            }

            func (l *loader) start(read func() []byte) {
            	l.loaded = sync.NewCond(&l.mu)
            	l.mu.Lock()
            	go func() {
            		data := read()
            		l.mu.Lock()
            		l.data = data
            		l.loaded.Broadcast()
            		l.mu.Unlock()
            	}()
            	l.loaded.Wait()
            	l.mu.Unlock()
            }
            """);
    }

    [Fact]
    public void Bare_wait_signalled_by_a_helper_the_package_calls_is_not_reported()
    {
        LintTest.CheckTyped(CondWait.Rule, """
            package p

            import "sync"

            type loader struct {
            	mu     sync.Mutex
            	loaded *sync.Cond
            }

            func (l *loader) notify() { l.loaded.Broadcast() }

            func (l *loader) finish() {
            	l.mu.Lock()
            	l.notify()
            	l.mu.Unlock()
            }

            func (l *loader) wait() {
            	l.mu.Lock()
            	l.loaded.Wait()
            	l.mu.Unlock()
            }
            """);
    }
    private const string WorkQueue = """
        package p

        import "sync"

        type queue struct {
        	mu     sync.Mutex
        	cond   *sync.Cond
        	items  []func()
        	closed bool
        }

        func newQueue(workers int) *queue {
        	q := &queue{}
        	q.cond = sync.NewCond(&q.mu)
        	for i := 0; i < workers; i++ {
        		go q.work()
        	}
        	return q
        }

        func (q *queue) push(f func()) {
        	q.mu.Lock()
        	q.items = append(q.items, f)
        	q.cond.Signal()
        	q.mu.Unlock()
        }

        func (q *queue) close() {
        	q.mu.Lock()
        	q.closed = true
        	q.cond.WAKE() WANT
        	q.mu.Unlock()
        }

        func (q *queue) work() {
        	for {
        		q.mu.Lock()
        		for len(q.items) == 0 && !q.closed {
        			q.cond.Wait()
        		}
        		if q.closed {
        			q.mu.Unlock()
        			return
        		}
        		f := q.items[0]
        		q.items = q.items[1:]
        		q.mu.Unlock()
        		f()
        	}
        }
        """;

    [Fact]
    public void One_signal_for_a_flag_several_goroutines_wait_for_is_reported_with_the_wait_and_the_go_related()
    {
        var found = LintTest.CheckTyped(CondWait.Rule, WorkQueue.Replace("WAKE", "Signal").Replace("WANT", "// want \"cond-wait\""));
        Assert.Equal([39, 16], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Broadcast_for_a_flag_several_goroutines_wait_for_is_not_reported()
    {
        LintTest.CheckTyped(CondWait.Rule, WorkQueue.Replace("WAKE", "Broadcast").Replace("WANT", ""));
    }

    [Fact]
    public void One_signal_for_a_flag_is_not_reported_when_each_waiter_passes_the_wake_up_on()
    {
        LintTest.CheckTyped(CondWait.Rule, WorkQueue.Replace("WAKE", "Signal").Replace("WANT", "")
            .Replace("\t\tif q.closed {\n\t\t\tq.mu.Unlock()", "\t\tif q.closed {\n\t\t\tq.cond.Signal()\n\t\t\tq.mu.Unlock()"));
    }

    [Fact]
    public void One_signal_for_a_flag_only_one_goroutine_waits_for_is_not_reported()
    {
        LintTest.CheckTyped(CondWait.Rule, WorkQueue.Replace("WAKE", "Signal").Replace("WANT", "")
            .Replace("\tfor i := 0; i < workers; i++ {\n\t\tgo q.work()\n\t}", "\tgo q.work()"));
    }

    [Fact]
    public void One_signal_for_a_flag_that_is_also_reset_is_not_reported()
    {
        LintTest.CheckTyped(CondWait.Rule, WorkQueue.Replace("WAKE", "Signal").Replace("WANT", "")
            + "\nfunc (q *queue) reopen() {\n\tq.mu.Lock()\n\tq.closed = false\n\tq.mu.Unlock()\n}\n");
    }
}
