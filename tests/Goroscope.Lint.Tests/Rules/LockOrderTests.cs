using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class LockOrderTests
{
    [Fact]
    public void Two_methods_taking_two_receiver_locks_in_opposite_orders_are_reported_at_the_second()
    {
        var found = LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type Conn struct {
            	readMu  sync.Mutex
            	writeMu sync.Mutex
            }

            func (c *Conn) Read() {
            	c.readMu.Lock()
            	defer c.readMu.Unlock()
            	c.writeMu.Lock()
            	c.writeMu.Unlock()
            }

            func (c *Conn) Write() {
            	c.writeMu.Lock()
            	defer c.writeMu.Unlock()
            	c.readMu.Lock() // want "lock-order"
            	c.readMu.Unlock()
            }
            """);
        Assert.Equal([18, 11, 13], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Opposite_order_through_a_callee_is_reported_at_the_call()
    {
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            var registryMu sync.Mutex

            type Session struct {
            	mu     sync.Mutex
            	closed bool
            }

            func (s *Session) markClosed() {
            	s.mu.Lock()
            	s.closed = true
            	s.mu.Unlock()
            }

            func (s *Session) Close() {
            	registryMu.Lock()
            	defer registryMu.Unlock()
            	s.markClosed()
            }

            func (s *Session) Register() {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	registryMu.Lock() // want "lock-order"
            	registryMu.Unlock()
            }
            """);
    }

    [Fact]
    public void The_same_order_everywhere_is_not_reported()
    {
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type Store struct {
            	indexMu sync.Mutex
            	dataMu  sync.Mutex
            }

            func (s *Store) Put() {
            	s.indexMu.Lock()
            	s.dataMu.Lock()
            	s.dataMu.Unlock()
            	s.indexMu.Unlock()
            }

            func (s *Store) Delete() {
            	s.indexMu.Lock()
            	defer s.indexMu.Unlock()
            	s.dataMu.Lock()
            	s.dataMu.Unlock()
            }
            """);
    }

    [Fact]
    public void Opposite_orders_both_under_one_gate_lock_are_not_reported()
    {
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type Table struct {
            	gate sync.Mutex
            	a    sync.Mutex
            	b    sync.Mutex
            }

            func (t *Table) AB() {
            	t.gate.Lock()
            	defer t.gate.Unlock()
            	t.a.Lock()
            	t.b.Lock()
            	t.b.Unlock()
            	t.a.Unlock()
            }

            func (t *Table) BA() {
            	t.gate.Lock()
            	defer t.gate.Unlock()
            	t.b.Lock()
            	t.a.Lock()
            	t.a.Unlock()
            	t.b.Unlock()
            }
            """);
    }

    [Fact]
    public void Locks_of_parameters_are_not_compared_across_functions()
    {
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type Account struct{ mu sync.Mutex }

            func transfer(from, to *Account) {
            	from.mu.Lock()
            	defer from.mu.Unlock()
            	to.mu.Lock()
            	defer to.mu.Unlock()
            }

            func refund(from, to *Account) {
            	to.mu.Lock()
            	defer to.mu.Unlock()
            	from.mu.Lock()
            	defer from.mu.Unlock()
            }
            """);
    }

    [Fact]
    public void Opposite_order_through_a_closure_bound_to_a_variable_is_reported()
    {
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type Bank struct {
            	accounts sync.Mutex
            	audit    sync.Mutex
            	log      []string
            }

            func (k *Bank) Transfer() {
            	k.accounts.Lock()
            	defer k.accounts.Unlock()
            	record := func(s string) {
            		k.audit.Lock()
            		k.log = append(k.log, s)
            		k.audit.Unlock()
            	}
            	record("transfer")
            }

            func (k *Bank) Report() {
            	k.audit.Lock()
            	defer k.audit.Unlock()
            	k.accounts.Lock() // want "lock-order"
            	k.accounts.Unlock()
            }
            """);
    }

    [Fact]
    public void Lock_taken_in_a_goroutine_started_under_another_is_not_an_order()
    {
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type Bank struct {
            	accounts sync.Mutex
            	audit    sync.Mutex
            	log      []string
            }

            func (k *Bank) record(s string) {
            	k.audit.Lock()
            	k.log = append(k.log, s)
            	k.audit.Unlock()
            }

            func (k *Bank) Transfer() {
            	k.accounts.Lock()
            	defer k.accounts.Unlock()
            	go k.record("transfer")
            }

            func (k *Bank) Report() {
            	k.audit.Lock()
            	defer k.audit.Unlock()
            	k.accounts.Lock()
            	k.accounts.Unlock()
            }
            """);
    }

    [Fact]
    public void Fields_of_two_types_reached_from_one_owner_in_opposite_orders_are_reported()
    {
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type Store struct {
            	coalescedMu sync.Mutex
            	leader      *Replica
            }

            type Replica struct {
            	raftMu sync.Mutex
            	store  *Store
            }

            func (s *Store) sendQueuedHeartbeats() {
            	s.coalescedMu.Lock()
            	defer s.coalescedMu.Unlock()
            	s.leader.raftMu.Lock()
            	s.leader.raftMu.Unlock()
            }

            func (r *Replica) tick() {
            	r.raftMu.Lock()
            	defer r.raftMu.Unlock()
            	r.store.coalescedMu.Lock() // want "lock-order"
            	r.store.coalescedMu.Unlock()
            }
            """);
    }

    [Fact]
    public void Locks_of_a_map_element_and_of_another_object_are_not_compared()
    {
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type devInfo struct {
            	lock sync.Mutex
            	open int
            }

            type Driver struct {
            	devicesMu sync.Mutex
            	devices   map[string]*devInfo
            }

            func (d *Driver) Activate(hash string) {
            	d.devicesMu.Lock()
            	defer d.devicesMu.Unlock()
            	info := d.devices[hash]
            	info.lock.Lock()
            	info.open++
            	info.lock.Unlock()
            }

            func (d *Driver) Remove(info *devInfo) {
            	info.lock.Lock()
            	defer info.lock.Unlock()
            	d.devicesMu.Lock()
            	delete(d.devices, "x")
            	d.devicesMu.Unlock()
            }
            """);
    }

    [Fact]
    public void Opposite_orders_through_callees_on_objects_each_owner_points_to_are_reported()
    {
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type Cluster struct {
            	mu sync.RWMutex
            	nr *nodeRunner
            }

            type nodeRunner struct {
            	mu      sync.RWMutex
            	cluster *Cluster
            	state   string
            }

            func (c *Cluster) SendClusterEvent() {
            	c.mu.RLock()
            	defer c.mu.RUnlock()
            }

            func (n *nodeRunner) State() string {
            	n.mu.RLock()
            	defer n.mu.RUnlock()
            	return n.state
            }

            func (c *Cluster) GetSecrets() string {
            	c.mu.RLock()
            	defer c.mu.RUnlock()
            	return c.nr.State()
            }

            func (n *nodeRunner) Stop() {
            	n.mu.Lock()
            	defer n.mu.Unlock()
            	n.cluster.SendClusterEvent() // want "lock-order"
            }
            """);
    }

    [Fact]
    public void Lock_of_an_object_just_made_is_not_an_order()
    {
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type conn struct{ mu sync.Mutex }

            type Pool struct {
            	mu    sync.Mutex
            	conns []*conn
            }

            func (p *Pool) Open() *conn {
            	p.mu.Lock()
            	defer p.mu.Unlock()
            	c := &conn{}
            	c.mu.Lock()
            	p.conns = append(p.conns, c)
            	c.mu.Unlock()
            	return c
            }

            func (c *conn) Close(p *Pool) {
            	c.mu.Lock()
            	defer c.mu.Unlock()
            	p.mu.Lock()
            	p.mu.Unlock()
            }
            """);
    }

    [Fact]
    public void Two_fields_of_one_type_on_two_instances_are_not_compared()
    {
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type Node struct {
            	stateMu sync.Mutex
            	peersMu sync.Mutex
            }

            func copyState(dst, src *Node) {
            	dst.stateMu.Lock()
            	defer dst.stateMu.Unlock()
            	src.peersMu.Lock()
            	src.peersMu.Unlock()
            }

            func copyPeers(dst, src *Node) {
            	dst.peersMu.Lock()
            	defer dst.peersMu.Unlock()
            	src.stateMu.Lock()
            	src.stateMu.Unlock()
            }
            """);
    }

    [Fact]
    public void Two_fields_of_one_type_on_one_instance_are_compared_whatever_names_it()
    {
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type Node struct {
            	stateMu sync.Mutex
            	peersMu sync.Mutex
            }

            func snapshot(n *Node) {
            	n.stateMu.Lock()
            	defer n.stateMu.Unlock()
            	n.peersMu.Lock()
            	n.peersMu.Unlock()
            }

            func (n *Node) addPeer() {
            	n.peersMu.Lock()
            	defer n.peersMu.Unlock()
            	n.stateMu.Lock() // want "lock-order"
            	n.stateMu.Unlock()
            }
            """);
    }

    private const string Subscriptions = """
        package p

        import "sync"

        type Conn struct {
        	subsMu sync.Mutex
        	subs   map[int]*Sub
        }

        type Sub struct {
        	mu   sync.Mutex
        	conn *Conn
        	sid  int
        }

        func (s *Sub) remove() {
        	s.conn.subsMu.Lock()
        	defer s.conn.subsMu.Unlock()
        	s.mu.Lock()
        	delete(s.conn.subs, s.sid)
        	s.mu.Unlock()
        }

        """;

    [Fact]
    public void Callee_that_releases_the_held_lock_before_taking_the_other_is_not_an_order()
    {
        LintTest.CheckTyped(LockOrder.Rule, Subscriptions + """
            // Lock held on entry; released so that the connection's lock is never taken under it.
            func (s *Sub) applyNewSID() {
            	nc := s.conn
            	s.mu.Unlock()
            	nc.subsMu.Lock()
            	s.sid++
            	nc.subs[s.sid] = s
            	nc.subsMu.Unlock()
            	s.mu.Lock()
            }

            func (s *Sub) reset() {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.applyNewSID()
            }
            """);
    }

    [Fact]
    public void Callee_that_takes_the_other_lock_under_the_held_one_is_an_order()
    {
        LintTest.CheckTyped(LockOrder.Rule, Subscriptions + """
            func (s *Sub) applyNewSID() {
            	nc := s.conn
            	nc.subsMu.Lock()
            	s.sid++
            	nc.subs[s.sid] = s
            	nc.subsMu.Unlock()
            }

            func (s *Sub) reset() {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.applyNewSID() // want "lock-order"
            }
            """);
    }

    [Fact]
    public void A_lock_returned_held_and_released_under_the_other_lock_is_an_opposite_order()
    {
        // acquire waits for the element holding the map lock and returns holding the element; release takes the map's
        // read lock with the element still held by its caller.
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type keyedLocks struct {
            	sync.RWMutex
            	m map[string]*sync.Mutex
            }

            func (l *keyedLocks) acquire(key string) {
            	l.Lock()
            	if _, ok := l.m[key]; !ok {
            		l.m[key] = &sync.Mutex{}
            	}
            	l.m[key].Lock()
            	l.Unlock()
            }

            func (l *keyedLocks) release(key string) {
            	l.RLock() // want "lock-order"
            	defer l.RUnlock()
            	l.m[key].Unlock()
            }
            """);
    }

    [Fact]
    public void A_lock_returned_held_but_waited_for_after_the_map_lock_is_released_is_no_order()
    {
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type keyedLocks struct {
            	sync.RWMutex
            	m map[string]*sync.Mutex
            }

            func (l *keyedLocks) acquire(key string) {
            	l.Lock()
            	if _, ok := l.m[key]; !ok {
            		l.m[key] = &sync.Mutex{}
            	}
            	element := l.m[key]
            	l.Unlock()
            	element.Lock()
            }

            func (l *keyedLocks) release(key string) {
            	l.RLock()
            	defer l.RUnlock()
            	l.m[key].Unlock()
            }
            """);
    }

    [Fact]
    public void A_function_that_releases_a_lock_its_caller_holds_orders_it_before_the_locks_it_takes_first()
    {
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type pool struct {
            	mu    sync.Mutex
            	idle  sync.Mutex
            	conns int
            }

            // Called with p.mu held.
            func (p *pool) putLocked() {
            	p.idle.Lock()
            	p.conns++
            	p.idle.Unlock()
            	p.mu.Unlock()
            }

            func (p *pool) drain() {
            	p.idle.Lock()
            	defer p.idle.Unlock()
            	p.mu.Lock() // want "lock-order"
            	p.conns = 0
            	p.mu.Unlock()
            }
            """);
    }

    [Fact]
    public void A_function_that_releases_a_lock_before_taking_another_makes_no_order()
    {
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            type pool struct {
            	mu    sync.Mutex
            	idle  sync.Mutex
            	conns int
            }

            func (p *pool) putLocked() {
            	p.mu.Unlock()
            	p.idle.Lock()
            	p.conns++
            	p.idle.Unlock()
            }

            func (p *pool) drain() {
            	p.idle.Lock()
            	defer p.idle.Unlock()
            	p.mu.Lock()
            	p.conns = 0
            	p.mu.Unlock()
            }
            """);
    }

    [Fact]
    public void A_lock_released_only_in_some_state_is_not_held_on_entry()
    {
        // release unlocks the gate only when the last holder leaves; while others hold it, acquire never waits for it
        // under the counter's lock, so no order between the two is shown.
        LintTest.CheckTyped(LockOrder.Rule, """
            package p

            import "sync"

            var (
            	gate      sync.RWMutex
            	holdersMu sync.Mutex
            	holders   int
            )

            func acquire() {
            	holdersMu.Lock()
            	defer holdersMu.Unlock()
            	if holders == 0 {
            		gate.Lock()
            	}
            	holders++
            }

            func release() {
            	holdersMu.Lock()
            	defer holdersMu.Unlock()
            	holders--
            	if holders == 0 {
            		gate.Unlock()
            	}
            }
            """);
    }
}
