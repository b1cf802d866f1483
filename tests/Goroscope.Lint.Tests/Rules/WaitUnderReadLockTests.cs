using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class WaitUnderReadLockTests
{
    [Fact]
    public void A_wait_on_another_locks_cond_under_a_read_lock_a_writer_takes_is_reported_with_the_writer_as_cause()
    {
        var found = LintTest.CheckTyped(WaitUnderReadLock.Rule, """
            package p

            import "sync"

            type jobs struct {
            	mu      sync.Mutex
            	ready   *sync.Cond
            	pending []int
            }

            type worker struct {
            	configMu sync.RWMutex
            	limit    int
            	queue    *jobs
            }

            func (w *worker) next() int {
            	w.configMu.RLock()
            	defer w.configMu.RUnlock()
            	w.queue.mu.Lock()
            	defer w.queue.mu.Unlock()
            	for len(w.queue.pending) == 0 {
            		w.queue.ready.Wait() // want "wait-under-read-lock"
            	}
            	return w.queue.pending[0] % w.limit
            }

            func (w *worker) setLimit(n int) {
            	w.configMu.Lock()
            	w.limit = n
            	w.configMu.Unlock()
            }
            """);
        Assert.Equal([18, 29], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void A_call_whose_every_target_waits_under_a_read_lock_a_writer_takes_is_reported_at_the_call()
    {
        LintTest.CheckTyped(WaitUnderReadLock.Rule, """
            package p

            import "sync"

            type queue struct{ cond *sync.Cond }

            func (q *queue) take() {
            	q.cond.L.Lock()
            	defer q.cond.L.Unlock()
            	q.cond.Wait()
            }

            type controller struct {
            	workerLock sync.RWMutex
            	work       *queue
            }

            func (c *controller) worker() {
            	for {
            		func() {
            			c.workerLock.RLock()
            			defer c.workerLock.RUnlock()
            			c.work.take() // want "wait-under-read-lock"
            		}()
            	}
            }

            func (c *controller) resync() {
            	c.workerLock.Lock()
            	defer c.workerLock.Unlock()
            }
            """);
    }

    [Fact]
    public void A_read_lock_nothing_write_locks_is_not_reported()
    {
        LintTest.CheckTyped(WaitUnderReadLock.Rule, """
            package p

            import "sync"

            type worker struct {
            	configMu sync.RWMutex
            	ready    *sync.Cond
            }

            func (w *worker) next() {
            	w.configMu.RLock()
            	defer w.configMu.RUnlock()
            	w.ready.L.Lock()
            	w.ready.Wait()
            	w.ready.L.Unlock()
            }
            """);
    }

    [Fact]
    public void A_cond_whose_lock_is_the_read_locker_releases_it_and_is_not_reported()
    {
        LintTest.CheckTyped(WaitUnderReadLock.Rule, """
            package p

            import "sync"

            type config struct {
            	mu      sync.RWMutex
            	changed *sync.Cond
            	version int
            }

            func newConfig() *config {
            	c := &config{}
            	c.changed = sync.NewCond(c.mu.RLocker())
            	return c
            }

            func (c *config) waitFor(version int) {
            	c.mu.RLock()
            	defer c.mu.RUnlock()
            	for c.version < version {
            		c.changed.Wait()
            	}
            }

            func (c *config) set(version int) {
            	c.mu.Lock()
            	c.version = version
            	c.mu.Unlock()
            	c.changed.Broadcast()
            }
            """);
    }

    [Fact]
    public void A_wait_after_the_read_lock_is_released_is_not_reported()
    {
        LintTest.CheckTyped(WaitUnderReadLock.Rule, """
            package p

            import "sync"

            type worker struct {
            	configMu sync.RWMutex
            	limit    int
            	ready    *sync.Cond
            }

            func (w *worker) next() int {
            	w.configMu.RLock()
            	limit := w.limit
            	w.configMu.RUnlock()
            	w.ready.L.Lock()
            	w.ready.Wait()
            	w.ready.L.Unlock()
            	return limit
            }

            func (w *worker) setLimit(n int) {
            	w.configMu.Lock()
            	w.limit = n
            	w.configMu.Unlock()
            }
            """);
    }
}
