using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class SemaphoreNotReleasedTests
{
    [Fact]
    public void An_early_return_between_acquire_and_release_is_reported_with_both_related()
    {
        var found = LintTest.CheckTyped(SemaphoreNotReleased.Rule, """
            package a

            type pool struct{ sem chan struct{} }

            func newPool(n int) *pool { return &pool{sem: make(chan struct{}, n)} }

            func (p *pool) do(job func() error, ready func() bool) error {
            	p.sem <- struct{}{}
            	if !ready() {
            		return nil // want "semaphore-not-released"
            	}
            	err := job()
            	<-p.sem
            	return err
            }
            """);
        var finding = Assert.Single(found);
        Assert.Equal([8, 13], finding.Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void A_continue_that_skips_the_release_in_a_loop_is_reported()
    {
        LintTest.CheckTyped(SemaphoreNotReleased.Rule, """
            package a

            func crawl(urls []string, fetch func(string) error, skip func(string) bool) {
            	sem := make(chan bool, 4)
            	for _, u := range urls {
            		sem <- true
            		if skip(u) {
            			continue // want "semaphore-not-released"
            		}
            		fetch(u)
            		<-sem
            	}
            }
            """);
    }

    [Fact]
    public void A_second_acquire_with_a_buffer_of_one_before_the_release_is_reported()
    {
        LintTest.CheckTyped(SemaphoreNotReleased.Rule, """
            package a

            type store struct{ gate chan struct{} }

            func newStore() *store { return &store{gate: make(chan struct{}, 1)} }

            func (s *store) compact(merge func() error, again func() bool) error {
            	s.gate <- struct{}{}
            	err := merge()
            	if again() {
            		s.gate <- struct{}{} // want "semaphore-not-released"
            		err = merge()
            	}
            	<-s.gate
            	return err
            }
            """);
    }

    [Fact]
    public void A_release_in_the_acquires_own_block_covers_the_returns_after_that_block()
    {
        LintTest.CheckTyped(SemaphoreNotReleased.Rule, """
            package a

            var ioLimit = make(chan bool, 10)

            func find(cached bool, load func() (string, error)) (string, error) {
            	var v string
            	var err error
            	if !cached {
            		ioLimit <- true
            		v, err = load()
            		<-ioLimit
            	}
            	return v, err
            }

            func findOnSuccess(cached bool, load func() (string, error)) (string, error) {
            	var v string
            	var err error
            	if !cached {
            		ioLimit <- true
            		v, err = load()
            		if err == nil {
            			<-ioLimit
            		}
            	}
            	return v, err // want "semaphore-not-released"
            }
            """);
    }

    [Fact]
    public void Only_the_exits_a_way_from_the_acquire_reaches_are_reported()
    {
        LintTest.CheckTyped(SemaphoreNotReleased.Rule, """
            package a

            import "errors"

            type scheduler struct{ workers chan struct{} }

            func newScheduler() *scheduler { return &scheduler{workers: make(chan struct{}, 4)} }

            func (s *scheduler) add(key string, bad bool, handle func()) error {
            	if key == "" {
            		s.workers <- struct{}{}
            		if bad {
            			return errors.New("bad item") // want "semaphore-not-released"
            		}
            		go func() {
            			handle()
            			<-s.workers
            		}()
            		return nil
            	}
            	handle()
            	return nil
            }
            """);
    }

    [Fact]
    public void Releases_on_every_path_deferred_or_handed_to_the_goroutine_are_not_reported()
    {
        LintTest.CheckTyped(SemaphoreNotReleased.Rule, """
            package a

            func released(sem chan struct{}, job func() error) error {
            	sem <- struct{}{}
            	if err := job(); err != nil {
            		<-sem
            		return err
            	}
            	<-sem
            	return nil
            }

            func deferred(job func() error) error {
            	sem := make(chan struct{}, 2)
            	sem <- struct{}{}
            	defer func() { <-sem }()
            	if err := job(); err != nil {
            		return err
            	}
            	return nil
            }

            func handed(items []int, work func(int)) {
            	sem := make(chan struct{}, 3)
            	for _, it := range items {
            		sem <- struct{}{}
            		go func() {
            			defer func() { <-sem }()
            			work(it)
            		}()
            	}
            	for i := 0; i < cap(sem); i++ {
            		sem <- struct{}{}
            	}
            }
            """);
    }

    [Fact]
    public void A_return_before_the_acquire_and_a_channel_whose_values_are_read_are_not_reported()
    {
        LintTest.CheckTyped(SemaphoreNotReleased.Rule, """
            package a

            func before(job func() error, ready func() bool) error {
            	sem := make(chan struct{}, 1)
            	if !ready() {
            		return nil
            	}
            	sem <- struct{}{}
            	err := job()
            	<-sem
            	return err
            }

            func queue(job func() int, ready func() bool) int {
            	results := make(chan int, 1)
            	results <- job()
            	if !ready() {
            		return 0
            	}
            	return <-results
            }

            func releasedByHelper(job func() error, ready func() bool) error {
            	sem := make(chan struct{}, 2)
            	release := func() { <-sem }
            	sem <- struct{}{}
            	if !ready() {
            		release()
            		return nil
            	}
            	err := job()
            	release()
            	return err
            }
            """);
    }
}
