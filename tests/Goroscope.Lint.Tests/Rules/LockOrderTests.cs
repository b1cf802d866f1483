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
}
