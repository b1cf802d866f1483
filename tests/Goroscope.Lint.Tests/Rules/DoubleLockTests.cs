using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class DoubleLockTests
{
    [Fact]
    public void Method_that_locks_and_calls_a_method_locking_the_same_receiver_field_is_reported_at_the_call()
    {
        var found = LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Server struct {
            	mu    sync.Mutex
            	conns map[string]int
            }

            func (s *Server) count() int {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	return len(s.conns)
            }

            func (s *Server) Add(name string) int {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.conns[name]++
            	return s.count() // want "double-lock"
            }
            """);
        var finding = Assert.Single(found);
        Assert.Equal([17, 11], finding.Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Lock_taken_twice_in_one_function_is_reported_at_the_second_lock()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            var mu sync.Mutex

            func f(fail bool) {
            	mu.Lock()
            	if fail {
            		mu.Lock() // want "double-lock"
            	}
            	mu.Unlock()
            }
            """);
    }

    [Fact]
    public void Read_lock_taken_again_through_a_callee_is_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Cache struct {
            	mu sync.RWMutex
            	m  map[string]string
            }

            func (c *Cache) has(k string) bool {
            	c.mu.RLock()
            	defer c.mu.RUnlock()
            	_, ok := c.m[k]
            	return ok
            }

            func (c *Cache) Get(k string) string {
            	c.mu.RLock()
            	defer c.mu.RUnlock()
            	if !c.has(k) { // want "double-lock"
            		return ""
            	}
            	return c.m[k]
            }
            """);
    }

    [Fact]
    public void Locks_of_two_different_types_with_the_same_field_name_are_different_locks()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Client struct{ mu sync.Mutex }

            func (c *Client) close() {
            	c.mu.Lock()
            	c.mu.Unlock()
            }

            type Server struct {
            	mu     sync.Mutex
            	client *Client
            }

            func (s *Server) Stop() {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.client.close()
            }
            """);
    }

    [Fact]
    public void Two_instances_of_one_type_are_different_locks()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Account struct {
            	mu      sync.Mutex
            	balance int
            }

            func (a *Account) deposit(n int) {
            	a.mu.Lock()
            	a.balance += n
            	a.mu.Unlock()
            }

            func (a *Account) TransferTo(b *Account, n int) {
            	a.mu.Lock()
            	a.balance -= n
            	b.deposit(n)
            	a.mu.Unlock()
            }
            """);
    }

    [Fact]
    public void Lock_released_on_every_branch_before_locking_again_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Queue struct {
            	mu    sync.Mutex
            	items []int
            }

            func (q *Queue) Drain(handle func(int)) {
            	for {
            		q.mu.Lock()
            		if len(q.items) == 0 {
            			q.mu.Unlock()
            			return
            		}
            		item := q.items[0]
            		q.items = q.items[1:]
            		q.mu.Unlock()
            		handle(item)
            	}
            }
            """);
    }

    [Fact]
    public void Callee_that_unlocks_first_expects_the_lock_held_and_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Pool struct {
            	mu   sync.Mutex
            	cond chan struct{}
            }

            // waitLocked is called with p.mu held; it releases it while waiting.
            func (p *Pool) waitLocked() {
            	p.mu.Unlock()
            	<-p.cond
            	p.mu.Lock()
            }

            func (p *Pool) Get() {
            	p.mu.Lock()
            	p.waitLocked()
            	p.mu.Unlock()
            }
            """);
    }

    [Fact]
    public void Lock_taken_inside_a_goroutine_started_while_holding_it_is_not_a_double_lock()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Worker struct{ mu sync.Mutex }

            func (w *Worker) touch() {
            	w.mu.Lock()
            	w.mu.Unlock()
            }

            func (w *Worker) Start() {
            	w.mu.Lock()
            	defer w.mu.Unlock()
            	go w.touch()
            	go func() {
            		w.mu.Lock()
            		w.mu.Unlock()
            	}()
            }
            """);
    }

    [Fact]
    public void Recursive_calls_end_and_find_the_lock_the_cycle_takes()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Tree struct {
            	mu       sync.Mutex
            	children []*Tree
            	size     int
            }

            func (t *Tree) ping(n int) {
            	t.pong(n)
            }

            func (t *Tree) pong(n int) {
            	if n > 0 {
            		t.ping(n - 1)
            	}
            	t.mu.Lock()
            	t.size++
            	t.mu.Unlock()
            }

            func (t *Tree) Grow() {
            	t.mu.Lock()
            	defer t.mu.Unlock()
            	t.ping(3) // want "double-lock"
            }
            """);
    }

    [Fact]
    public void Function_literal_returned_while_holding_the_lock_runs_later_and_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            var mu sync.Mutex
            var tokens int

            func acquire() func() {
            	mu.Lock()
            	defer mu.Unlock()
            	tokens--
            	return func() {
            		mu.Lock()
            		defer mu.Unlock()
            		tokens++
            	}
            }
            """);
    }

    [Fact]
    public void Callee_that_locks_only_when_told_the_caller_does_not_hold_it_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Block struct {
            	mu    sync.Mutex
            	index map[string]int
            }

            func (b *Block) load(hasLock bool) {
            	if !hasLock {
            		b.mu.Lock()
            		defer b.mu.Unlock()
            	}
            	b.index = map[string]int{}
            }

            func (b *Block) Reset() {
            	b.mu.Lock()
            	defer b.mu.Unlock()
            	b.load(true)
            }
            """);
    }

    [Fact]
    public void Lock_handed_to_a_function_value_that_unlocks_it_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Server struct {
            	lock    sync.RWMutex
            	started bool
            }

            func (s *Server) isStarted() bool {
            	s.lock.RLock()
            	defer s.lock.RUnlock()
            	return s.started
            }

            func unlockOnce(l sync.Locker) func() {
            	var once sync.Once
            	return func() { once.Do(l.Unlock) }
            }

            func (s *Server) Serve() bool {
            	unlock := unlockOnce(&s.lock)
            	s.lock.Lock()
            	defer unlock()
            	s.started = true
            	unlock()
            	return s.isStarted()
            }
            """);
    }

    [Fact]
    public void Mutex_unlocked_by_another_goroutine_is_a_semaphore_and_locking_it_twice_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Server struct{ NotifyStarted func() }

            func (s *Server) ListenAndServe() { s.NotifyStarted() }

            func startAndWait() {
            	started := sync.Mutex{}
            	s := &Server{NotifyStarted: started.Unlock}
            	started.Lock()
            	go s.ListenAndServe()
            	started.Lock()
            }
            """);
    }

    [Fact]
    public void Goroutine_that_locks_twice_a_mutex_its_starter_unlocks_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            func blockThenRelease(wait func()) {
            	var mu sync.Mutex
            	go func() {
            		mu.Lock()
            		mu.Lock()
            	}()
            	wait()
            	mu.Unlock()
            }
            """);
    }

    [Fact]
    public void Read_lock_taken_twice_on_a_lock_no_other_goroutine_can_reach_is_not_reported_but_a_shared_one_is()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            func private() {
            	var rw sync.RWMutex
            	rw.RLock()
            	rw.RLock()
            	rw.RUnlock()
            	rw.RUnlock()
            }

            type cache struct{ rw sync.RWMutex }

            func (c *cache) shared() {
            	c.rw.RLock()
            	c.rw.RLock() // want "double-lock"
            	c.rw.RUnlock()
            	c.rw.RUnlock()
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

            func f() {
            	mu.Lock()
            	mu.Lock()
            }
            """;
        Assert.Empty(LintTest.Lint(DoubleLock.Rule, [("a.go", source)]));
    }

    [Fact]
    public void Read_lock_taken_twice_on_a_local_no_other_goroutine_sees_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            func bench(n int) {
            	var rw sync.RWMutex
            	for i := 0; i < n; i++ {
            		rw.RLock()
            		rw.RLock()
            		rw.RUnlock()
            		rw.RUnlock()
            	}
            }
            """);
    }

    [Fact]
    public void Interface_call_whose_every_implementation_takes_the_held_lock_is_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            var registryMu sync.Mutex

            type plugin interface{ register(name string) }

            type codec struct{ names []string }
            type filter struct{ names []string }

            func (c *codec) register(name string) {
            	registryMu.Lock()
            	c.names = append(c.names, name)
            	registryMu.Unlock()
            }

            func (f *filter) register(name string) {
            	registryMu.Lock()
            	defer registryMu.Unlock()
            	f.names = append(f.names, name)
            }

            func Install(p plugin, name string) {
            	registryMu.Lock()
            	defer registryMu.Unlock()
            	p.register(name) // want "double-lock"
            }
            """);
    }

    [Fact]
    public void Interface_call_with_an_implementation_that_does_not_take_the_lock_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            var registryMu sync.Mutex

            type plugin interface{ register(name string) }

            type codec struct{ names []string }
            type nop struct{}

            func (c *codec) register(name string) {
            	registryMu.Lock()
            	c.names = append(c.names, name)
            	registryMu.Unlock()
            }

            func (nop) register(string) {}

            func Install(p plugin, name string) {
            	registryMu.Lock()
            	defer registryMu.Unlock()
            	p.register(name)
            }
            """);
    }

    [Fact]
    public void Call_of_an_exported_method_that_other_packages_can_implement_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            var registryMu sync.Mutex

            type Plugin interface{ Register(name string) }

            // Unexported, but *os.File or any other package's type with a Write method satisfies it.
            type sink interface{ Write(p []byte) (int, error) }

            type codec struct{ names []string }

            func (c *codec) Register(name string) {
            	registryMu.Lock()
            	c.names = append(c.names, name)
            	registryMu.Unlock()
            }

            func (c *codec) Write(p []byte) (int, error) {
            	registryMu.Lock()
            	defer registryMu.Unlock()
            	return len(p), nil
            }

            func Install(p Plugin, name string) {
            	registryMu.Lock()
            	defer registryMu.Unlock()
            	p.Register(name)
            }

            func Log(s sink, line []byte) {
            	registryMu.Lock()
            	defer registryMu.Unlock()
            	s.Write(line)
            }
            """);
    }

    [Fact]
    public void Closure_bound_to_a_variable_that_locks_the_held_lock_is_reported_at_its_call()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Pool struct {
            	mu    sync.Mutex
            	conns []int
            }

            func (p *Pool) Prune(keep func(int) bool) {
            	drop := func(i int) {
            		p.mu.Lock()
            		p.conns = append(p.conns[:i], p.conns[i+1:]...)
            		p.mu.Unlock()
            	}
            	p.mu.Lock()
            	defer p.mu.Unlock()
            	for i := len(p.conns) - 1; i >= 0; i-- {
            		if !keep(p.conns[i]) {
            			drop(i) // want "double-lock"
            		}
            	}
            }
            """);
    }

    [Fact]
    public void Deferred_call_that_runs_before_the_deferred_unlock_and_locks_again_is_reported_at_the_defer()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Conn struct {
            	mu      sync.Mutex
            	pending int
            }

            func (c *Conn) flush() {
            	c.mu.Lock()
            	c.pending = 0
            	c.mu.Unlock()
            }

            func (c *Conn) Write(n int) {
            	c.mu.Lock()
            	defer c.mu.Unlock()
            	defer c.flush() // want "double-lock"
            	c.pending += n
            }
            """);
    }

    [Fact]
    public void Deferred_call_that_runs_after_the_deferred_unlock_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Conn struct {
            	mu      sync.Mutex
            	pending int
            }

            func (c *Conn) flush() {
            	c.mu.Lock()
            	c.pending = 0
            	c.mu.Unlock()
            }

            func (c *Conn) Write(n int) {
            	defer c.flush()
            	c.mu.Lock()
            	defer c.mu.Unlock()
            	c.pending += n
            }
            """);
    }

    [Fact]
    public void Callee_whose_deferred_call_locks_counts_that_lock_for_its_callers()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Conn struct {
            	mu      sync.Mutex
            	pending int
            }

            func (c *Conn) flush() {
            	c.mu.Lock()
            	c.pending = 0
            	c.mu.Unlock()
            }

            func (c *Conn) finish() {
            	defer c.flush()
            }

            func (c *Conn) Close() {
            	c.mu.Lock()
            	defer c.mu.Unlock()
            	c.finish() // want "double-lock"
            }
            """);
    }

    [Fact]
    public void Callee_that_starts_a_goroutine_taking_the_held_lock_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Conn struct {
            	mu      sync.Mutex
            	pending int
            }

            func (c *Conn) flush() {
            	c.mu.Lock()
            	c.pending = 0
            	c.mu.Unlock()
            }

            func (c *Conn) flushLater() {
            	go c.flush()
            }

            func (c *Conn) Write(n int) {
            	c.mu.Lock()
            	defer c.mu.Unlock()
            	c.pending += n
            	c.flushLater()
            }
            """);
    }

    [Fact]
    public void Locks_of_two_parameters_of_one_type_are_different_locks()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Account struct {
            	mu      sync.Mutex
            	balance int
            }

            func transfer(from, to *Account, n int) {
            	from.mu.Lock()
            	defer from.mu.Unlock()
            	to.mu.Lock()
            	defer to.mu.Unlock()
            	from.balance -= n
            	to.balance += n
            }
            """);
    }

    [Fact]
    public void Lock_of_a_local_of_the_receivers_type_is_not_the_receivers_lock()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Table struct {
            	mu   sync.Mutex
            	rows []int
            }

            func (t *Table) rowCount() int {
            	t.mu.Lock()
            	defer t.mu.Unlock()
            	return len(t.rows)
            }

            func (t *Table) Clone() *Table {
            	t.mu.Lock()
            	defer t.mu.Unlock()
            	c := &Table{rows: append([]int(nil), t.rows...)}
            	_ = c.rowCount()
            	return c
            }
            """);
    }

    [Fact]
    public void Callee_locking_its_parameter_maps_to_the_callers_argument_that_is_held()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Account struct {
            	mu      sync.Mutex
            	balance int
            }

            func deposit(a *Account, n int) {
            	a.mu.Lock()
            	a.balance += n
            	a.mu.Unlock()
            }

            func refund(from, to *Account, n int) {
            	from.mu.Lock()
            	defer from.mu.Unlock()
            	deposit(to, n)
            	deposit(from, n) // want "double-lock"
            }
            """);
    }

    [Fact]
    public void Lock_taken_in_a_loop_and_held_into_the_next_round_is_reported_at_the_lock()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Queue struct {
            	mu    sync.Mutex
            	items []string
            }

            func (q *Queue) PushAll(items []string) {
            	for _, it := range items {
            		q.mu.Lock() // want "double-lock"
            		defer q.mu.Unlock()
            		q.items = append(q.items, it)
            	}
            }
            """);
    }

    [Fact]
    public void Loop_that_unlocks_before_the_next_round_locks_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import (
            	"sync"
            	"time"
            )

            type Client struct {
            	mu   sync.Mutex
            	conn int
            }

            func (c *Client) dial() int { return 1 }

            func (c *Client) reconnect() {
            	c.mu.Lock()
            	for c.conn == 0 {
            		c.mu.Unlock()
            		time.Sleep(time.Second)
            		c.mu.Lock()
            		c.conn = c.dial()
            	}
            	c.mu.Unlock()
            }
            """);
    }

    [Fact]
    public void Loop_that_locks_each_element_it_ranges_over_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type block struct{ mu sync.Mutex }

            type store struct{ blocks []*block }

            func (s *store) lockAll() {
            	for _, b := range s.blocks {
            		b.mu.Lock()
            	}
            }

            func (s *store) pin(n int) []*block {
            	var pinned []*block
            	for i := 0; i < n; i++ {
            		b := s.blocks[i]
            		b.mu.Lock()
            		pinned = append(pinned, b)
            	}
            	return pinned
            }
            """);
    }

    [Fact]
    public void Hand_over_hand_locking_down_a_list_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type node struct {
            	mu   sync.Mutex
            	next *node
            	done bool
            }

            func firstOpen(head *node) *node {
            	head.mu.Lock()
            	for n := head; n != nil; n = n.next {
            		if !n.done {
            			return n
            		}
            		if n.next != nil {
            			n.next.mu.Lock()
            		}
            		n.mu.Unlock()
            	}
            	return nil
            }

            func (n *node) climb() {
            	cur := n
            	cur.mu.Lock()
            	for cur.next != nil {
            		next := cur.next
            		next.mu.Lock()
            		cur.mu.Unlock()
            		cur = next
            	}
            	cur.mu.Unlock()
            }
            """);
    }

    [Fact]
    public void Mutex_a_stored_callback_unlocks_with_a_deferred_unlock_is_a_semaphore_and_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type query struct{ reply func(err error) }

            func send(q *query) error { return nil }

            func roundTrip() error {
            	var mu sync.Mutex
            	var replyErr error
            	mu.Lock()
            	q := &query{}
            	q.reply = func(err error) {
            		defer mu.Unlock()
            		replyErr = err
            	}
            	if err := send(q); err != nil {
            		return err
            	}
            	mu.Lock() // wait for the reply
            	return replyErr
            }
            """);
    }

    [Fact]
    public void A_callback_field_holding_a_method_of_the_same_struct_that_locks_is_reported_under_the_lock()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type cache struct {
            	mu      sync.Mutex
            	items   map[string]int
            	onEvict func(key string)
            }

            func newCache() *cache {
            	c := &cache{items: map[string]int{}}
            	c.onEvict = c.forget
            	return c
            }

            func (c *cache) forget(key string) {
            	c.mu.Lock()
            	delete(c.items, key)
            	c.mu.Unlock()
            }

            func (c *cache) Put(key string, n int) {
            	c.mu.Lock()
            	defer c.mu.Unlock()
            	if len(c.items) > 100 {
            		c.onEvict(key) // want "double-lock"
            	}
            	c.items[key] = n
            }
            """);
    }

    [Fact]
    public void A_callback_field_with_one_value_the_package_cannot_see_is_not_followed()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type cache struct {
            	mu      sync.Mutex
            	items   map[string]int
            	onEvict func(key string)
            }

            func newCache(hook func(string)) *cache {
            	c := &cache{items: map[string]int{}}
            	c.onEvict = c.forget
            	if hook != nil {
            		c.onEvict = hook
            	}
            	return c
            }

            func (c *cache) forget(key string) {
            	c.mu.Lock()
            	delete(c.items, key)
            	c.mu.Unlock()
            }

            func (c *cache) Put(key string, n int) {
            	c.mu.Lock()
            	defer c.mu.Unlock()
            	if len(c.items) > 100 {
            		c.onEvict(key)
            	}
            	c.items[key] = n
            }
            """);
    }

    [Fact]
    public void A_function_passed_to_a_helper_that_calls_it_is_followed_into_the_helper()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            var registryMu sync.Mutex

            var names = map[string]bool{}

            func withStats(op func()) {
            	count()
            	op()
            }

            func count() {}

            func refresh(name string) {
            	registryMu.Lock()
            	names[name] = true
            	registryMu.Unlock()
            }

            func Register(name string) {
            	registryMu.Lock()
            	defer registryMu.Unlock()
            	withStats(func() { refresh(name) }) // want "double-lock"
            }
            """);
    }

    [Fact]
    public void A_callback_field_holding_a_method_of_another_instance_is_not_taken_for_the_called_structs_lock()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type cache struct {
            	mu      sync.Mutex
            	items   map[string]int
            	onEvict func(key string)
            }

            func newTiered(victim *cache) *cache {
            	c := &cache{items: map[string]int{}}
            	c.onEvict = victim.forget
            	return c
            }

            func (c *cache) forget(key string) {
            	c.mu.Lock()
            	delete(c.items, key)
            	c.mu.Unlock()
            }

            func (c *cache) Put(key string, n int) {
            	c.mu.Lock()
            	defer c.mu.Unlock()
            	if len(c.items) > 100 {
            		c.onEvict(key)
            	}
            	c.items[key] = n
            }
            """);
    }

    [Fact]
    public void A_local_copy_of_a_pointer_names_the_same_lock_as_the_pointer()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Store struct {
            	mu    sync.RWMutex
            	state string
            }

            func (s *Store) RaftStatus() string {
            	s.mu.RLock()
            	defer s.mu.RUnlock()
            	return s.state
            }

            type Replica struct{ store *Store }

            func (r *Replica) report() string {
            	s := r.store
            	s.mu.RLock()
            	defer s.mu.RUnlock()
            	return r.store.RaftStatus() // want "double-lock"
            }
            """);
    }

    [Fact]
    public void A_local_pointed_elsewhere_after_its_copy_is_not_the_same_lock()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type Store struct {
            	mu    sync.RWMutex
            	state string
            }

            func (s *Store) RaftStatus() string {
            	s.mu.RLock()
            	defer s.mu.RUnlock()
            	return s.state
            }

            type Replica struct{ store, backup *Store }

            func (r *Replica) report(useBackup bool) string {
            	s := r.store
            	if useBackup {
            		s = r.backup
            	}
            	s.mu.RLock()
            	defer s.mu.RUnlock()
            	return r.store.RaftStatus()
            }
            """);
    }

    [Fact]
    public void A_local_copy_of_a_struct_value_holds_another_mutex()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type counter struct {
            	mu sync.Mutex
            	n  int
            }

            func (c *counter) inc() {
            	c.mu.Lock()
            	c.n++
            	c.mu.Unlock()
            }

            type Stats struct{ hits counter }

            func (s *Stats) snapshot() {
            	copied := s.hits
            	copied.mu.Lock()
            	defer copied.mu.Unlock()
            	s.hits.inc()
            }
            """);
    }

    private const string RangeCache = """
        package p

        import (
        	"fmt"
        	"sync"
        )

        type rangeCache struct {
        	mu     sync.RWMutex
        	ranges []string
        }

        func (c *rangeCache) String() string {
        	c.mu.RLock()
        	defer c.mu.RUnlock()
        	return fmt.Sprint(c.ranges)
        }

        """;

    [Fact]
    public void Printing_the_locked_value_whose_String_method_read_locks_it_again_is_reported()
    {
        var found = LintTest.CheckTyped(DoubleLock.Rule, RangeCache + """
            func (c *rangeCache) lookup(key string) error {
            	c.mu.RLock()
            	defer c.mu.RUnlock()
            	return fmt.Errorf("no range for %q in %s", key, c) // want "double-lock"
            }
            """);
        Assert.Contains("formats `c` with its String method", Assert.Single(found).Message);
    }

    [Fact]
    public void Printing_another_instance_or_with_a_verb_that_does_not_call_String_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, RangeCache + """
            func (c *rangeCache) compare(other *rangeCache) string {
            	c.mu.RLock()
            	defer c.mu.RUnlock()
            	return fmt.Sprintf("%p %v", c, other)
            }
            """);
    }

    [Fact]
    public void An_element_mutex_locked_again_with_the_same_key_is_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type shards struct{ locks []sync.Mutex }

            func (s *shards) move(i int, f func()) {
            	s.locks[i].Lock()
            	defer s.locks[i].Unlock()
            	f()
            	s.locks[i].Lock() // want "double-lock"
            	s.locks[i].Unlock()
            }
            """);
    }

    [Fact]
    public void Element_mutexes_chosen_by_other_keys_or_a_loops_index_are_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type shards struct{ locks []sync.Mutex }

            func (s *shards) pair(i, j int) {
            	s.locks[i].Lock()
            	s.locks[j].Lock()
            	s.locks[j].Unlock()
            	s.locks[i].Unlock()
            }

            func (s *shards) lockAll() {
            	for i := 0; i < len(s.locks); i++ {
            		s.locks[i].Lock()
            	}
            	for k := range s.locks {
            		s.locks[k].Lock()
            	}
            }
            """);
    }

    [Fact]
    public void A_callee_that_locks_only_after_an_early_return_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type cache struct {
            	mu      sync.Mutex
            	enabled bool
            	hits    int
            }

            // Called with c.mu held only when the cache is disabled.
            func (c *cache) count(locked bool) {
            	if locked {
            		return
            	}
            	c.mu.Lock()
            	c.hits++
            	c.mu.Unlock()
            }

            func (c *cache) get() {
            	c.mu.Lock()
            	defer c.mu.Unlock()
            	c.count(true)
            }
            """);
    }

    [Fact]
    public void A_callee_that_locks_after_a_nil_receiver_guard_is_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, """
            package p

            import "sync"

            type cache struct {
            	mu   sync.Mutex
            	hits int
            }

            func (c *cache) count() {
            	if c == nil {
            		return
            	}
            	c.mu.Lock()
            	c.hits++
            	c.mu.Unlock()
            }

            func (c *cache) get() {
            	c.mu.Lock()
            	defer c.mu.Unlock()
            	c.count() // want "double-lock"
            }
            """);
    }

    private const string Pool = """
        package p

        import "sync"

        type pool struct {
        	mu      sync.Mutex
        	idle    []int
        	onEvict func(conn int)
        }

        """;

    [Fact]
    public void Callback_that_locks_the_struct_it_captured_called_under_that_structs_lock_is_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, Pool + """
            func newPool() *pool {
            	p := &pool{}
            	p.onEvict = func(conn int) {
            		p.mu.Lock()
            		p.idle = append(p.idle, conn)
            		p.mu.Unlock()
            	}
            	return p
            }

            func (p *pool) Trim() {
            	p.mu.Lock()
            	defer p.mu.Unlock()
            	for _, conn := range p.idle {
            		p.onEvict(conn) // want "double-lock"
            	}
            }
            """);
    }

    [Fact]
    public void Callback_that_locks_another_struct_it_captured_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, Pool + """
            func newPool(parent *pool) *pool {
            	p := &pool{}
            	p.onEvict = func(conn int) {
            		parent.mu.Lock()
            		parent.idle = append(parent.idle, conn)
            		parent.mu.Unlock()
            	}
            	return p
            }

            func (p *pool) Trim() {
            	p.mu.Lock()
            	defer p.mu.Unlock()
            	for _, conn := range p.idle {
            		p.onEvict(conn)
            	}
            }
            """);
    }

    [Fact]
    public void Once_Do_of_a_method_that_takes_the_held_lock_is_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, Pool + """
            type registry struct {
            	mu    sync.Mutex
            	once  sync.Once
            	names map[string]int
            }

            func (r *registry) load() {
            	r.mu.Lock()
            	defer r.mu.Unlock()
            	r.names = map[string]int{}
            }

            func (r *registry) Lookup(name string) int {
            	r.mu.Lock()
            	defer r.mu.Unlock()
            	r.once.Do(r.load) // want "double-lock"
            	return r.names[name]
            }
            """);
    }

    [Fact]
    public void Once_Do_before_taking_the_lock_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, Pool + """
            type registry struct {
            	mu    sync.Mutex
            	once  sync.Once
            	names map[string]int
            }

            func (r *registry) load() {
            	r.mu.Lock()
            	defer r.mu.Unlock()
            	r.names = map[string]int{}
            }

            func (r *registry) Lookup(name string) int {
            	r.once.Do(r.load)
            	r.mu.Lock()
            	defer r.mu.Unlock()
            	return r.names[name]
            }
            """);
    }
    private const string Lease = """
        package p

        import "sync"

        type lease struct {
        	mu      sync.Mutex
        	expires int
        	cp      func()
        }

        func (l *lease) setCheckpointer(cp func()) { l.cp = cp }

        func (l *lease) checkpoint() {
        	l.mu.Lock()
        	defer l.mu.Unlock()
        	l.expires++
        }

        func (l *lease) Renew() {
        	l.mu.Lock()
        	defer l.mu.Unlock()
        	l.cp() // want "double-lock"
        }

        """;

    [Fact]
    public void Callback_given_to_a_setter_of_the_struct_it_captured_and_called_under_its_lock_is_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, Lease + """
            func newLease() *lease {
            	l := &lease{}
            	l.setCheckpointer(func() { l.checkpoint() })
            	return l
            }
            """);
    }

    [Fact]
    public void Callback_given_to_a_setter_of_another_struct_than_it_captured_is_not_reported()
    {
        LintTest.CheckTyped(DoubleLock.Rule, Lease.Replace(" // want \"double-lock\"", "") + """
            func newLeases() (*lease, *lease) {
            	primary, secondary := &lease{}, &lease{}
            	secondary.setCheckpointer(func() { primary.checkpoint() })
            	return primary, secondary
            }
            """);
    }
}
