using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class LockNotReleasedTests
{
    [Fact]
    public void Early_return_that_keeps_a_lock_the_normal_path_releases_is_reported_at_the_return()
    {
        var found = LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            type Server struct {
            	mu    sync.Mutex
            	conns map[string]int
            }

            func (s *Server) Add(name string) bool {
            	s.mu.Lock()
            	if _, ok := s.conns[name]; ok {
            		return false // want "lock-not-released"
            	}
            	s.conns[name] = 1
            	s.mu.Unlock()
            	return true
            }
            """);
        var finding = Assert.Single(found);
        Assert.Equal([11], finding.Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Continue_that_keeps_a_lock_taken_in_the_loop_is_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            var mu sync.Mutex

            func drain(items []int, total *int) {
            	for _, it := range items {
            		mu.Lock()
            		if it < 0 {
            			continue // want "lock-not-released"
            		}
            		*total += it
            		mu.Unlock()
            	}
            }
            """);
    }

    [Fact]
    public void Continue_while_holding_a_lock_taken_before_the_loop_is_not_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            var mu sync.Mutex

            func sum(items []int) int {
            	total := 0
            	mu.Lock()
            	for _, it := range items {
            		if it < 0 {
            			continue
            		}
            		total += it
            	}
            	mu.Unlock()
            	return total
            }
            """);
    }

    [Fact]
    public void Continue_in_a_loop_that_holds_the_lock_from_one_iteration_to_the_next_is_not_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            type Conn struct {
            	mu      sync.Mutex
            	servers []string
            }

            func (c *Conn) reconnect(dial func(string) error, sleep func()) {
            	c.mu.Lock()
            	for _, s := range c.servers {
            		c.mu.Unlock()
            		sleep()
            		c.mu.Lock()
            		if err := dial(s); err != nil {
            			continue
            		}
            		c.mu.Unlock()
            		return
            	}
            	c.mu.Unlock()
            }
            """);
    }

    [Fact]
    public void Function_whose_every_path_returns_holding_the_lock_hands_it_to_the_caller_and_is_not_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            type Table struct {
            	mu   sync.Mutex
            	rows []int
            }

            func (t *Table) acquire(n int) []int {
            	t.mu.Lock()
            	if n > len(t.rows) {
            		return t.rows
            	}
            	return t.rows[:n]
            }
            """);
    }

    [Fact]
    public void Function_that_releases_on_failure_and_returns_holding_on_success_is_not_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            type Conn struct {
            	mu     sync.Mutex
            	closed bool
            }

            func (c *Conn) enterIfOpen() bool {
            	c.mu.Lock()
            	if c.closed {
            		c.mu.Unlock()
            		return false
            	}
            	return true
            }
            """);
    }

    [Fact]
    public void Deferred_unlock_and_unlock_in_a_deferred_closure_are_not_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            type Cache struct {
            	mu, stats sync.Mutex
            	m         map[string]int
            	hits      int
            }

            func (c *Cache) Get(k string) (int, bool) {
            	c.mu.Lock()
            	defer c.mu.Unlock()
            	v, ok := c.m[k]
            	if !ok {
            		return 0, false
            	}
            	return v, true
            }

            func (c *Cache) Hit(k string) bool {
            	c.stats.Lock()
            	release := func() { c.stats.Unlock() }
            	if _, ok := c.m[k]; !ok {
            		defer release()
            		return false
            	}
            	c.hits++
            	c.stats.Unlock()
            	return true
            }
            """);
    }

    [Fact]
    public void Return_after_a_callee_that_unlocks_the_lock_is_not_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            type Client struct {
            	mu  sync.Mutex
            	out []byte
            }

            func (c *Client) flushAndUnlock() {
            	c.mu.Unlock()
            }

            func (c *Client) Write(b []byte) int {
            	c.mu.Lock()
            	c.out = append(c.out, b...)
            	if len(c.out) > 1024 {
            		c.flushAndUnlock()
            		return len(b)
            	}
            	c.mu.Unlock()
            	return len(b)
            }
            """);
    }

    [Fact]
    public void Lock_method_of_a_wrapper_type_is_not_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            type Guard struct {
            	mu   sync.Mutex
            	busy bool
            }

            func (g *Guard) TryLock() bool {
            	g.mu.Lock()
            	if g.busy {
            		return true
            	}
            	g.mu.Unlock()
            	return false
            }
            """);
    }

    [Fact]
    public void Function_named_for_a_block_is_not_taken_for_a_lock_wrapper()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            type Chain struct {
            	mu     sync.Mutex
            	blocks [][]byte
            }

            func (c *Chain) AddBlock(b []byte) bool {
            	c.mu.Lock()
            	if len(b) == 0 {
            		return false // want "lock-not-released"
            	}
            	c.blocks = append(c.blocks, b)
            	c.mu.Unlock()
            	return true
            }
            """);
    }

    [Fact]
    public void Return_under_if_false_never_runs_and_is_not_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            func noDeferUnlock(mu *sync.Mutex) {
            	mu.Lock()
            	if false {
            		return
            	}
            	mu.Unlock()
            }
            """);
    }

    [Fact]
    public void Break_out_of_the_loop_that_unlocks_further_down_is_reported()
    {
        var found = LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            type Batcher struct {
            	mu      sync.Mutex
            	pending []int
            }

            func (b *Batcher) Flush(send func(int) bool) {
            	for {
            		b.mu.Lock()
            		if len(b.pending) == 0 {
            			break // want "lock-not-released"
            		}
            		n := b.pending[0]
            		b.pending = b.pending[1:]
            		b.mu.Unlock()
            		if !send(n) {
            			return
            		}
            	}
            }
            """);
        Assert.Contains("this `break` leaves `b.mu` locked (line 12)", Assert.Single(found).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Break_followed_by_an_unlock_after_the_loop_is_not_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            var mu sync.Mutex

            func drain(items []int) int {
            	total := 0
            	for _, it := range items {
            		mu.Lock()
            		if it < 0 {
            			break
            		}
            		total += it
            		mu.Unlock()
            	}
            	mu.Unlock()
            	return total
            }
            """);
    }

    [Fact]
    public void Break_out_of_a_switch_inside_the_locked_region_is_not_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            var mu sync.Mutex

            func classify(items []int, counts map[int]int) {
            	for _, it := range items {
            		mu.Lock()
            		switch {
            		case it < 0:
            			break
            		default:
            			counts[it]++
            		}
            		mu.Unlock()
            	}
            }
            """);
    }

    [Fact]
    public void Labelled_continue_of_the_outer_loop_that_locks_each_iteration_is_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            var mu sync.Mutex

            func scan(rows [][]int, seen map[int]bool) {
            rows:
            	for _, row := range rows {
            		mu.Lock()
            		for _, v := range row {
            			if seen[v] {
            				continue rows // want "lock-not-released"
            			}
            			seen[v] = true
            		}
            		mu.Unlock()
            	}
            }
            """);
    }

    [Fact]
    public void Goto_past_the_unlock_is_reported_and_goto_to_an_unlocking_label_is_not()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            var mu sync.Mutex

            func store(m map[string]int, k string, v int) bool {
            	mu.Lock()
            	if v < 0 {
            		goto fail // want "lock-not-released"
            	}
            	m[k] = v
            	mu.Unlock()
            	return true
            fail:
            	return false
            }

            func storeClean(m map[string]int, k string, v int) bool {
            	mu.Lock()
            	if v < 0 {
            		goto fail
            	}
            	m[k] = v
            	mu.Unlock()
            	return true
            fail:
            	mu.Unlock()
            	return false
            }
            """);
    }

    [Fact]
    public void Without_types_the_rule_reports_nothing()
    {
        var source = """
            package p

            import "sync"

            var mu sync.Mutex

            func f(fail bool) {
            	mu.Lock()
            	if fail {
            		return
            	}
            	mu.Unlock()
            }
            """;
        Assert.Empty(LintTest.Lint(LockNotReleased.Rule, [("a.go", source)]));
    }

    [Fact]
    public void Early_return_inside_a_goroutines_function_literal_is_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            type pool struct {
            	mu   sync.Mutex
            	idle int
            }

            func (p *pool) release() {
            	go func() {
            		p.mu.Lock()
            		if p.idle > 8 {
            			return // want "lock-not-released"
            		}
            		p.idle++
            		p.mu.Unlock()
            	}()
            }
            """);
    }

    [Fact]
    public void A_function_literal_that_releases_its_lock_on_every_path_is_not_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import (
            	"sync"
            	"time"
            )

            type pool struct {
            	mu   sync.Mutex
            	idle int
            }

            func (p *pool) release() {
            	p.mu.Lock()
            	time.AfterFunc(time.Second, func() {
            		p.mu.Lock()
            		if p.idle > 8 {
            			p.mu.Unlock()
            			return
            		}
            		p.idle++
            		p.mu.Unlock()
            	})
            	p.mu.Unlock()
            	go func() {
            		p.idle--
            		p.mu.Unlock() // the spawner's lock, handed to the goroutine
            	}()
            }
            """);
    }

    [Fact]
    public void Return_out_of_an_endless_loop_whose_next_iteration_releases_is_reported_when_no_caller_releases()
    {
        var found = LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import (
            	"sync"
            	"time"
            )

            type lease struct {
            	mu      sync.RWMutex
            	expired bool
            }

            func (l *lease) wait() {
            	for {
            		l.mu.RLock()
            		if !l.expired {
            			return // want "lock-not-released"
            		}
            		l.mu.RUnlock()
            		time.Sleep(time.Millisecond)
            	}
            }

            func (l *lease) Renew() {
            	l.wait()
            	l.mu.Lock()
            	l.expired = false
            	l.mu.Unlock()
            }
            """);
        Assert.Contains("which the loop releases before it comes round: no caller releases it", Assert.Single(found).Message);
    }

    [Fact]
    public void Return_out_of_an_endless_loop_that_hands_the_lock_to_callers_who_release_it_is_not_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import (
            	"sync"
            	"time"
            )

            type lease struct {
            	mu      sync.RWMutex
            	expired bool
            }

            func (l *lease) waitReady() {
            	for {
            		l.mu.RLock()
            		if !l.expired {
            			return
            		}
            		l.mu.RUnlock()
            		time.Sleep(time.Millisecond)
            	}
            }

            func (l *lease) Expired() bool {
            	l.waitReady()
            	defer l.mu.RUnlock()
            	return l.expired
            }
            """);
    }

    [Fact]
    public void Return_out_of_an_endless_loop_in_a_function_the_package_never_calls_is_not_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            type queue struct {
            	mu    sync.Mutex
            	items []int
            }

            func (q *queue) WaitNonEmpty() {
            	for {
            		q.mu.Lock()
            		if len(q.items) > 0 {
            			return
            		}
            		q.mu.Unlock()
            	}
            }
            """);
    }

    [Fact]
    public void An_early_return_leaving_a_map_elements_mutex_held_is_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            type table struct{ rows map[string]*sync.Mutex }

            func (t *table) update(key string, ok bool) error {
            	row := t.rows[key]
            	row.Lock()
            	if !ok {
            		return nil // want "lock-not-released"
            	}
            	row.Unlock()
            	return nil
            }
            """);
    }

    [Fact]
    public void A_map_elements_mutex_released_on_every_path_is_not_reported()
    {
        LintTest.CheckTyped(LockNotReleased.Rule, """
            package p

            import "sync"

            type table struct{ rows map[string]*sync.Mutex }

            func (t *table) update(key string, ok bool) error {
            	t.rows[key].Lock()
            	if !ok {
            		t.rows[key].Unlock()
            		return nil
            	}
            	t.rows[key].Unlock()
            	return nil
            }
            """);
    }
}
