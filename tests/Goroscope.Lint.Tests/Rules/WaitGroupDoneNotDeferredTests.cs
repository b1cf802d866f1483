using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class WaitGroupDoneNotDeferredTests
{
    [Fact]
    public void Done_after_an_early_return_is_reported()
    {
        LintTest.Check(WaitGroupDoneNotDeferred.Rule, """
            package a

            import "sync"

            func run(items []string, process func(string) error) {
            	var wg sync.WaitGroup
            	for _, it := range items {
            		wg.Add(1)
            		go func() {
            			if err := process(it); err != nil {
            				return
            			}
            			wg.Done() // want "waitgroup-done-not-deferred"
            		}()
            	}
            	wg.Wait()
            }
            """);
    }

    [Fact]
    public void Deferred_done_done_on_every_return_and_no_return_are_not_reported()
    {
        LintTest.Check(WaitGroupDoneNotDeferred.Rule, """
            package a

            import "sync"

            func run(items []string, process func(string) error) {
            	var wg sync.WaitGroup
            	for _, it := range items {
            		wg.Add(3)
            		go func() {
            			defer wg.Done()
            			if process(it) != nil {
            				return
            			}
            		}()
            		go func() {
            			if process(it) != nil {
            				wg.Done()
            				return
            			}
            			wg.Done()
            		}()
            		go func() {
            			_ = process(it)
            			wg.Done()
            		}()
            	}
            	wg.Wait()
            }

            type task struct{}
            func (task) Done() {}

            func notAWaitGroup(t task, fail bool) {
            	go func() {
            		if fail {
            			return
            		}
            		t.Done()
            	}()
            }
            """);
    }
}
