using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class WaitGroupAddInGoroutineTests
{
    [Fact]
    public void Add_inside_the_goroutine_it_counts_is_reported()
    {
        LintTest.Check(WaitGroupAddInGoroutine.Rule, """
            package a

            import "sync"

            type server struct{ wg sync.WaitGroup }

            func (s *server) run(jobs []func()) {
            	var wg sync.WaitGroup
            	for _, j := range jobs {
            		go func() {
            			wg.Add(1) // want "waitgroup-add-in-goroutine"
            			defer wg.Done()
            			j()
            		}()
            	}
            	wg.Wait()
            	go func() {
            		s.wg.Add(1) // want "waitgroup-add-in-goroutine"
            		defer s.wg.Done()
            	}()
            }
            """);
    }

    [Fact]
    public void Add_before_go_and_add_for_nested_goroutines_are_not_reported()
    {
        LintTest.Check(WaitGroupAddInGoroutine.Rule, """
            package a

            import "sync"

            func run(jobs []func()) {
            	var wg sync.WaitGroup
            	for _, j := range jobs {
            		wg.Add(1)
            		go func() {
            			defer wg.Done()
            			j()
            		}()
            	}
            	wg.Wait()
            }

            func spawner(jobs []func()) {
            	var wg sync.WaitGroup
            	go func() {
            		for _, j := range jobs {
            			wg.Add(1)
            			go func() { defer wg.Done(); j() }()
            		}
            	}()
            }

            func countedByCaller(conns chan int) {
            	var wg sync.WaitGroup
            	wg.Add(1)
            	go func() {
            		defer wg.Done()
            		for c := range conns {
            			wg.Add(1)
            			go func() { defer wg.Done(); _ = c }()
            		}
            	}()
            	wg.Wait()
            }

            func own() {
            	go func() {
            		var wg sync.WaitGroup
            		wg.Add(1)
            		wg.Done()
            		wg.Wait()
            	}()
            }
            """);
    }

    [Fact]
    public void Add_inside_a_function_wait_group_go_runs_is_reported()
    {
        LintTest.Check(WaitGroupAddInGoroutine.Rule, """
            package p

            import "sync"

            func runAll(jobs []func()) {
            	var wg sync.WaitGroup
            	for _, job := range jobs {
            		wg.Go(func() {
            			wg.Add(1) // want "waitgroup-add-in-goroutine"
            			job()
            		})
            	}
            	wg.Wait()
            }
            """);
    }

    [Fact]
    public void Add_inside_wait_group_go_for_the_goroutines_it_then_starts_is_not_reported()
    {
        LintTest.Check(WaitGroupAddInGoroutine.Rule, """
            package p

            import "sync"

            func serve(wg *sync.WaitGroup, conns chan int) {
            	wg.Go(func() {
            		for c := range conns {
            			wg.Add(1)
            			go func() { defer wg.Done(); _ = c }()
            		}
            	})
            	wg.Go(func() {
            		wg.Add(1)
            		wg.Go(func() {})
            		wg.Done()
            	})
            }
            """);
    }

    [Fact]
    public void Add_under_the_lock_the_wait_is_also_called_under_is_not_reported()
    {
        LintTest.Check(WaitGroupAddInGoroutine.Rule, """
            package a

            import (
            	"net"
            	"sync"
            )

            type Proxy struct {
            	connsMu sync.Mutex
            	conns   sync.WaitGroup
            	closing chan struct{}
            }

            func (p *Proxy) Serve(l net.Listener) {
            	for {
            		conn, err := l.Accept()
            		if err != nil {
            			return
            		}
            		go p.handle(conn)
            	}
            }

            func (p *Proxy) Close() {
            	close(p.closing)
            	p.connsMu.Lock()
            	p.conns.Wait()
            	p.connsMu.Unlock()
            }

            func (p *Proxy) handle(conn net.Conn) {
            	p.connsMu.Lock()
            	p.conns.Add(1)
            	p.connsMu.Unlock()
            	defer p.conns.Done()
            	defer conn.Close()
            }
            """);
    }

    [Fact]
    public void Add_under_a_lock_released_before_it_is_reported()
    {
        LintTest.Check(WaitGroupAddInGoroutine.Rule, """
            package a

            import (
            	"net"
            	"sync"
            )

            type Proxy struct {
            	connsMu sync.Mutex
            	conns   sync.WaitGroup
            	closing chan struct{}
            }

            func (p *Proxy) Serve(l net.Listener) {
            	for {
            		conn, err := l.Accept()
            		if err != nil {
            			return
            		}
            		go p.handle(conn)
            	}
            }

            func (p *Proxy) Close() {
            	close(p.closing)
            	p.connsMu.Lock()
            	p.conns.Wait()
            	p.connsMu.Unlock()
            }

            func (p *Proxy) handle(conn net.Conn) {
            	p.connsMu.Lock()
            	p.connsMu.Unlock()
            	p.conns.Add(1) // want "waitgroup-add-in-goroutine"
            	defer p.conns.Done()
            	defer conn.Close()
            }
            """);
    }
}
