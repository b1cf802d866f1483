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

    [Fact]
    public void A_return_before_the_group_is_declared_is_not_reported()
    {
        LintTest.Check(WaitGroupDoneNotDeferred.Rule, """
            package a

            import "sync"

            func mirror(resp chan bool, start func(func()) bool) {
            	go func() {
            		ok := <-resp
            		if !ok {
            			return
            		}
            		var ready sync.WaitGroup
            		ready.Add(1)
            		if !start(func() { ready.Done() }) {
            			ready.Done()
            		}
            		ready.Wait()
            	}()
            }
            """);
    }

    [Fact]
    public void A_return_when_the_work_channel_is_closed_owes_no_item_its_done()
    {
        LintTest.Check(WaitGroupDoneNotDeferred.Rule, """
            package a

            import "sync"

            type work struct {
            	wg  *sync.WaitGroup
            	run func()
            }

            func worker(ch chan *work) {
            	for {
            		item, ok := <-ch
            		if !ok {
            			return
            		}
            		item.run()
            		item.wg.Done()
            	}
            }

            func serve(ch chan *work, jobs []func()) {
            	var wg sync.WaitGroup
            	go worker(ch)
            	for _, j := range jobs {
            		wg.Add(1)
            		ch <- &work{wg: &wg, run: j}
            	}
            	wg.Wait()
            }
            """);
    }

    [Fact]
    public void A_return_after_the_item_arrived_still_skips_its_done()
    {
        LintTest.Check(WaitGroupDoneNotDeferred.Rule, """
            package a

            import "sync"

            type work struct {
            	wg  *sync.WaitGroup
            	run func() error
            }

            func worker(ch chan *work) {
            	for {
            		item, ok := <-ch
            		if !ok {
            			return
            		}
            		if item.run() != nil {
            			return
            		}
            		item.wg.Done() // want "waitgroup-done-not-deferred"
            	}
            }

            func serve(ch chan *work, jobs []func() error) {
            	var wg sync.WaitGroup
            	go worker(ch)
            	for _, j := range jobs {
            		wg.Add(1)
            		ch <- &work{wg: &wg, run: j}
            	}
            	wg.Wait()
            }
            """);
    }
}
