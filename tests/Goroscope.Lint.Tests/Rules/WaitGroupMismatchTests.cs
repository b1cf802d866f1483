using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class WaitGroupMismatchTests
{
    [Fact]
    public void Wait_inside_the_spawning_loop_after_one_add_for_all_is_reported_at_the_wait()
    {
        var found = LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            func startAll(jobs []func()) {
            	var wg sync.WaitGroup
            	wg.Add(len(jobs))
            	for _, job := range jobs {
            		go func(job func()) {
            			defer wg.Done()
            			job()
            		}(job)
            		wg.Wait() // want "waitgroup-mismatch"
            	}
            }
            """);
        Assert.Equal([7, 9], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Wait_inside_a_loop_that_adds_before_each_go_is_not_reported()
    {
        LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            func oneByOne(jobs []func()) {
            	var wg sync.WaitGroup
            	for _, job := range jobs {
            		wg.Add(1)
            		go func() {
            			defer wg.Done()
            			job()
            		}()
            		wg.Wait()
            	}
            }
            """);
    }

    [Fact]
    public void Goroutine_method_that_never_reaches_done_is_reported_at_the_wait()
    {
        var found = LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            type server struct {
            	wg    sync.WaitGroup
            	conns chan int
            }

            func (s *server) accept() {
            	defer s.wg.Done()
            	s.conns <- 1
            }

            func (s *server) serve() {
            	for c := range s.conns {
            		_ = c
            	}
            }

            func (s *server) Run() {
            	s.wg.Add(1)
            	go s.accept()
            	s.wg.Add(1)
            	go s.serve()
            	s.wg.Wait() // want "waitgroup-mismatch"
            }
            """);
        Assert.Contains("never calls `s.wg.Done()`", Assert.Single(found).Message, StringComparison.Ordinal);
        Assert.Equal([24, 25], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Done_reached_through_a_helper_only_on_success_is_reported()
    {
        var found = LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            type loader struct{ wg sync.WaitGroup }

            func (l *loader) finish() { l.wg.Done() }

            func (l *loader) Load(load func() error) {
            	l.wg.Add(1)
            	go func() {
            		if err := load(); err != nil {
            			return
            		}
            		l.finish()
            	}()
            	l.wg.Wait() // want "waitgroup-mismatch"
            }
            """);
        Assert.Contains("a return skips its `l.wg.Done()`", Assert.Single(found).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Done_on_every_path_through_a_select_loop_or_a_helper_is_not_reported()
    {
        LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            type pump struct {
            	wg   sync.WaitGroup
            	quit chan struct{}
            	in   chan int
            }

            func (p *pump) stop() { p.wg.Done() }

            func (p *pump) Start() {
            	p.wg.Add(2)
            	go func() {
            		for {
            			select {
            			case <-p.quit:
            				p.wg.Done()
            				return
            			case v := <-p.in:
            				_ = v
            			}
            		}
            	}()
            	go func() {
            		<-p.quit
            		p.stop()
            	}()
            	p.wg.Wait()
            }
            """);
    }

    [Fact]
    public void Add_counting_more_goroutines_than_are_started_is_reported_at_the_wait()
    {
        LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            func worker(wg *sync.WaitGroup) { defer wg.Done() }

            func run() {
            	var wg sync.WaitGroup
            	wg.Add(3)
            	go worker(&wg)
            	go worker(&wg)
            	wg.Wait() // want "waitgroup-mismatch"
            }
            """);
    }

    [Fact]
    public void Done_twice_in_one_goroutine_is_reported_at_the_second_done()
    {
        LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            func run(check func() error) {
            	var wg sync.WaitGroup
            	wg.Add(1)
            	go func() {
            		defer wg.Done()
            		if check() != nil {
            			wg.Done() // want "waitgroup-mismatch"
            		}
            	}()
            	wg.Wait()
            }
            """);
    }

    [Fact]
    public void Group_handed_outside_the_package_or_done_elsewhere_is_not_reported()
    {
        LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            var register func(*sync.WaitGroup)

            func handedOff() {
            	var wg sync.WaitGroup
            	wg.Add(1)
            	go func() {}()
            	register(&wg)
            	wg.Wait()
            }

            type pool struct{ wg sync.WaitGroup }

            func (p *pool) release() { p.wg.Done() }

            func (p *pool) spawn(f func()) {
            	p.wg.Add(1)
            	go f()
            	p.wg.Wait()
            }
            """);
    }

    [Fact]
    public void Waiter_goroutines_unrelated_goroutines_and_done_per_loop_iteration_are_not_counted()
    {
        LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            func fanIn(inputs []chan int, out chan int, errs chan error) {
            	var wg sync.WaitGroup
            	wg.Add(len(inputs))
            	for _, in := range inputs {
            		go func(in chan int) {
            			defer wg.Done()
            			for v := range in {
            				out <- v
            			}
            		}(in)
            	}
            	go func() {
            		for range errs {
            		}
            	}()
            	go func() {
            		wg.Wait()
            		close(out)
            	}()
            }

            func perRequest(n int, get func() error) {
            	var wg sync.WaitGroup
            	wg.Add(n * 2)
            	for i := 0; i < 2; i++ {
            		go func() {
            			for j := 0; j < n; j++ {
            				_ = get()
            				wg.Done()
            			}
            		}()
            	}
            	wg.Wait()
            }
            """);
    }

    [Fact]
    public void Done_deferred_under_a_nil_check_of_the_group_and_done_as_a_method_value_are_understood()
    {
        LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            func call(wg *sync.WaitGroup, f func()) {
            	if wg != nil {
            		defer wg.Done()
            	}
            	f()
            }

            func serve(jobs []func()) {
            	var wg sync.WaitGroup
            	for _, j := range jobs {
            		wg.Add(1)
            		go call(&wg, j)
            	}
            	wg.Wait()
            }

            var onStart func()

            func start(run func()) {
            	var wg sync.WaitGroup
            	wg.Add(1)
            	onStart = wg.Done
            	go run()
            	wg.Wait()
            }
            """);
    }

    [Fact]
    public void Done_only_in_a_recursions_base_case_is_not_taken_for_a_skipped_done()
    {
        LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            func descend(n int, ready *sync.WaitGroup, stop chan bool) {
            	if n == 0 {
            		ready.Done()
            		<-stop
            		return
            	}
            	descend(n-1, ready, stop)
            }

            func deep(stop chan bool) {
            	var ready sync.WaitGroup
            	ready.Add(1)
            	go descend(100, &ready, stop)
            	ready.Wait()
            }
            """);
    }

    [Fact]
    public void Without_types_the_rule_reports_nothing()
    {
        Assert.Empty(LintTest.Lint(WaitGroupMismatch.Rule, [("a.go", """
            package p

            import "sync"

            func run() {
            	var wg sync.WaitGroup
            	wg.Add(2)
            	go func() { defer wg.Done() }()
            	wg.Wait()
            }
            """)]));
    }

    // Tu et al. (ASPLOS'19) report WaitGroup bugs where the counting is split across methods: a `track` helper adds,
    // and a worker started after it forgets the Done.
    [Fact]
    public void Add_done_by_a_helper_for_a_goroutine_that_never_calls_done_is_reported_at_the_wait()
    {
        var found = LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            type pool struct {
            	wg   sync.WaitGroup
            	jobs chan func()
            }

            func (p *pool) track() { p.wg.Add(1) }

            func (p *pool) work() {
            	for job := range p.jobs {
            		job()
            	}
            }

            func (p *pool) Run() {
            	p.track()
            	go p.work()
            	p.wg.Wait() // want "waitgroup-mismatch"
            }
            """);
        Assert.Equal([19, 20], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Add_done_by_a_helper_matched_by_the_goroutines_done_is_not_reported()
    {
        LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            type pool struct {
            	wg   sync.WaitGroup
            	jobs chan func()
            }

            func (p *pool) track() { p.wg.Add(1) }

            func (p *pool) work() {
            	defer p.wg.Done()
            	for job := range p.jobs {
            		job()
            	}
            }

            func (p *pool) Run() {
            	p.track()
            	go p.work()
            	p.wg.Wait()
            }
            """);
    }

    [Fact]
    public void Helper_adding_two_for_one_goroutine_that_calls_done_once_is_reported_at_the_wait()
    {
        var found = LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            func expect(wg *sync.WaitGroup) { wg.Add(2) }

            func fetch(out *string, wg *sync.WaitGroup) {
            	defer wg.Done()
            	*out = "x"
            }

            func fetchAll() string {
            	var wg sync.WaitGroup
            	var a string
            	expect(&wg)
            	go fetch(&a, &wg)
            	wg.Wait() // want "waitgroup-mismatch"
            	return a
            }
            """);
        Assert.Contains("counts 2, but only 1 goroutine", Assert.Single(found).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Helper_that_adds_and_starts_the_goroutine_it_counts_is_not_an_add_of_its_caller()
    {
        LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            type group struct{ wg sync.WaitGroup }

            func (g *group) spawn(f func()) {
            	g.wg.Add(1)
            	go func() {
            		defer g.wg.Done()
            		f()
            	}()
            }

            func (g *group) Run(f func(), logs chan string) {
            	g.spawn(f)
            	go func() {
            		for range logs {
            		}
            	}()
            	g.wg.Wait()
            }
            """);
    }

    [Fact]
    public void Wait_group_go_counts_by_itself_and_is_never_a_mismatch()
    {
        LintTest.CheckTypedGo127(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            func runAll(jobs []func(), logs chan string) {
            	var wg sync.WaitGroup
            	for _, job := range jobs {
            		wg.Go(job)
            	}
            	wg.Add(1)
            	go func() {
            		defer wg.Done()
            		for range logs {
            		}
            	}()
            	wg.Go(func() { logs <- "started" })
            	wg.Wait()
            }
            """);
    }

    [Fact]
    public void Done_inside_a_function_wait_group_go_runs_is_reported_when_nothing_adds_by_hand()
    {
        var found = LintTest.CheckTypedGo127(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            func runAll(jobs []func()) {
            	var wg sync.WaitGroup
            	for _, job := range jobs {
            		wg.Go(func() {
            			defer wg.Done() // want "waitgroup-mismatch"
            			job()
            		})
            	}
            	wg.Wait()
            }
            """);
        Assert.Equal([8], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Done_inside_wait_group_go_matched_by_an_add_by_hand_is_not_reported()
    {
        LintTest.CheckTypedGo127(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            func runAll(jobs []func()) {
            	var wg sync.WaitGroup
            	for _, job := range jobs {
            		wg.Add(1)
            		wg.Go(func() {
            			defer wg.Done()
            			job()
            		})
            	}
            	wg.Wait()
            }
            """);
    }

    // memberlist's tests: a constructor adds for the listeners it starts; its caller's own goroutine is no business of that Add.
    [Fact]
    public void Add_a_helper_does_on_a_value_of_its_own_is_not_an_add_of_its_caller()
    {
        LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            type transport struct{ wg sync.WaitGroup }

            func register(t *transport) {}

            func newTransport() *transport {
            	t := &transport{}
            	t.wg.Add(1)
            	register(t)
            	return t
            }

            func (t *transport) Shutdown() { t.wg.Wait() }

            func (t *transport) finished() { t.wg.Done() }

            func run(done chan struct{}) {
            	tr := newTransport()
            	go func() { <-done }()
            	tr.Shutdown()
            }
            """);
    }

    [Fact]
    public void Add_in_a_helper_on_a_group_nothing_calls_done_on_is_reported_at_the_wait()
    {
        var found = LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            type stopper struct {
            	drain sync.WaitGroup
            	tasks chan func()
            }

            func (s *stopper) startTask(f func()) {
            	s.drain.Add(1)
            	s.tasks <- f
            }

            func (s *stopper) stop() {
            	close(s.tasks)
            	s.drain.Wait() // want "waitgroup-mismatch"
            }
            """);
        Assert.Equal([11], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Add_in_a_helper_whose_done_is_in_another_method_is_not_reported()
    {
        LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            type stopper struct {
            	drain sync.WaitGroup
            	tasks chan func()
            }

            func (s *stopper) startTask(f func()) {
            	s.drain.Add(1)
            	s.tasks <- f
            }

            func (s *stopper) run() {
            	for f := range s.tasks {
            		f()
            		s.drain.Done()
            	}
            }

            func (s *stopper) stop() {
            	close(s.tasks)
            	s.drain.Wait()
            }
            """);
    }

    [Fact]
    public void Add_on_a_group_passed_to_a_function_is_not_reported()
    {
        LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            func worker(wg *sync.WaitGroup, f func()) {
            	defer wg.Done()
            	f()
            }

            type pool struct{ wg sync.WaitGroup }

            func (p *pool) track() { p.wg.Add(1) }

            func (p *pool) run(f func()) {
            	p.track()
            	go worker(&p.wg, f)
            }

            func (p *pool) close() { p.wg.Wait() }
            """);
    }

    [Fact]
    public void Add_of_minus_one_standing_for_done_is_not_reported()
    {
        LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            type pool struct{ wg sync.WaitGroup }

            func (p *pool) track()   { p.wg.Add(1) }
            func (p *pool) untrack() { p.wg.Add(-1) }
            func (p *pool) close()   { p.wg.Wait() }
            """);
    }

    [Fact]
    public void Counted_goroutine_that_waits_on_its_own_group_before_its_deferred_done_is_reported_at_its_wait()
    {
        var found = LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            func runAll(jobs []func()) {
            	var wg sync.WaitGroup
            	for _, job := range jobs {
            		wg.Add(1)
            		go func() {
            			defer wg.Done()
            			job()
            			wg.Wait() // want "waitgroup-mismatch"
            		}()
            	}
            }
            """);
        Assert.Equal([8, 9], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Counted_goroutine_that_calls_done_before_it_waits_is_not_reported()
    {
        LintTest.CheckTyped(WaitGroupMismatch.Rule, """
            package p

            import "sync"

            func runAll(jobs []func()) {
            	var wg sync.WaitGroup
            	for _, job := range jobs {
            		wg.Add(1)
            		go func() {
            			job()
            			wg.Done()
            			wg.Wait()
            		}()
            	}
            }
            """);
    }
}
