using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class DeferInLoopTests
{
    [Fact]
    public void Defer_in_a_range_over_a_channel_is_reported()
    {
        LintTest.Check(DeferInLoop.Rule, """
            package a

            func worker(tasks <-chan string) {
            	for t := range tasks {
            		db := open(t)
            		defer db.Close() // want "defer-in-loop"
            	}
            }

            type conn struct{}
            func (conn) Close() {}
            func open(string) conn { return conn{} }
            """);
    }

    [Fact]
    public void Defer_in_an_endless_loop_of_a_goroutine_is_reported()
    {
        LintTest.Check(DeferInLoop.Rule, """
            package a

            import "sync"

            func start(mu *sync.Mutex, work func()) {
            	go func() {
            		for {
            			mu.Lock()
            			defer mu.Unlock() // want "defer-in-loop"
            			work()
            		}
            	}()
            }
            """);
    }

    [Fact]
    public void Bounded_loops_defer_then_return_and_closures_are_not_reported()
    {
        LintTest.Check(DeferInLoop.Rule, """
            package a

            func overSlice(files []string) {
            	for _, f := range files {
            		c := open(f)
            		defer c.Close()
            	}
            }

            func firstMatch(ch chan string) error {
            	for name := range ch {
            		c := open(name)
            		defer c.Close()
            		return nil
            	}
            	return nil
            }

            func perIteration(ch chan string) {
            	for name := range ch {
            		func() {
            			c := open(name)
            			defer c.Close()
            		}()
            	}
            }

            func endlessButNotAGoroutine() {
            	for {
            		c := open("x")
            		defer c.Close()
            	}
            }

            type conn struct{}
            func (conn) Close() {}
            func open(string) conn { return conn{} }
            """);
    }
}
