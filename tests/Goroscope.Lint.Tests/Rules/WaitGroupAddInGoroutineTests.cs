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
}
