using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class RangeNeverClosedTests
{
    [Fact]
    public void Range_over_a_local_channel_nobody_closes_is_reported()
    {
        LintTest.Check(RangeNeverClosed.Rule, """
            package a

            func run(items []int) {
            	jobs := make(chan int)
            	go func() {
            		for j := range jobs { // want "range-never-closed"
            			_ = j
            		}
            	}()
            	for _, it := range items {
            		jobs <- it
            	}
            }
            """);
    }

    [Fact]
    public void Range_in_a_named_worker_over_the_channel_passed_to_it_is_reported()
    {
        LintTest.Check(RangeNeverClosed.Rule, """
            package a

            func run(items []int) {
            	jobs := make(chan int)
            	go worker(jobs)
            	for _, it := range items {
            		jobs <- it
            	}
            }

            func worker(in <-chan int) {
            	for j := range in { // want "range-never-closed"
            		_ = j
            	}
            }
            """);
    }

    [Fact]
    public void Channel_closed_by_a_deferred_close_in_the_sender_is_not_reported()
    {
        LintTest.Check(RangeNeverClosed.Rule, """
            package a

            func run(items []int) {
            	jobs := make(chan int)
            	go func() {
            		for j := range jobs {
            			_ = j
            		}
            	}()
            	go func() {
            		defer close(jobs)
            		for _, it := range items {
            			jobs <- it
            		}
            	}()
            }
            """);
    }

    [Fact]
    public void Package_channel_closed_in_another_file_of_the_package_is_not_reported()
    {
        LintTest.CheckFiles(RangeNeverClosed.Rule, [
            ("a.go", """
                package a

                var events = make(chan string)

                func start() {
                	go func() {
                		for e := range events {
                			_ = e
                		}
                	}()
                }
                """),
            ("b.go", """
                package a

                func shutdown() { close(events) }
                """),
        ]);
    }

    [Fact]
    public void Package_channel_nobody_closes_is_reported_across_files()
    {
        LintTest.CheckFiles(RangeNeverClosed.Rule, [
            ("a.go", """
                package a

                var events = make(chan string)

                func start() {
                	go func() {
                		for e := range events { // want "range-never-closed"
                			_ = e
                		}
                	}()
                }
                """),
            ("b.go", """
                package a

                func publish(e string) { events <- e }
                """),
        ]);
    }

    [Fact]
    public void Channel_handed_to_another_function_is_not_reported()
    {
        LintTest.Check(RangeNeverClosed.Rule, """
            package a

            func run() {
            	jobs := make(chan int)
            	go func() {
            		for j := range jobs {
            			_ = j
            		}
            	}()
            	produce(jobs)
            }

            func produce(chan int) {}
            """);
    }

    [Fact]
    public void Field_nothing_closes_ranged_by_a_method_goroutine_is_reported()
    {
        LintTest.CheckTyped(RangeNeverClosed.Rule, """
            package p

            type pool struct{ jobs chan func() }

            func newPool() *pool {
            	p := &pool{}
            	p.jobs = make(chan func())
            	go p.work()
            	return p
            }

            func (p *pool) work() {
            	for job := range p.jobs { // want "range-never-closed"
            		job()
            	}
            }
            """);
    }

    [Fact]
    public void Field_a_value_of_unknown_type_may_close_is_not_reported()
    {
        LintTest.CheckTyped(RangeNeverClosed.Rule, """
            package p

            import "example.com/not/there"

            type pool struct{ jobs chan func() }

            func newPool() *pool {
            	p := &pool{jobs: make(chan func())}
            	go p.work()
            	return p
            }

            func (p *pool) work() {
            	for job := range p.jobs {
            		job()
            	}
            }

            func stop() { close(there.Pool().jobs) }
            """);
    }

    [Fact]
    public void Field_named_like_an_imported_package_is_still_followed()
    {
        LintTest.CheckTyped(RangeNeverClosed.Rule, """
            package p

            import "errors"

            type watcher struct{ errors chan error }

            func newWatcher() *watcher {
            	w := &watcher{errors: make(chan error)}
            	go w.log()
            	return w
            }

            func (w *watcher) log() {
            	for err := range w.errors { // want "range-never-closed"
            		_ = err
            	}
            }

            func (w *watcher) fail() { w.errors <- errors.New("failed") }
            """);
    }

    // lz4's writer goroutine (pierrec/lz4 writer.go) ranges over its field until a sentinel value and returns.
    [Fact]
    public void Field_range_that_returns_on_a_sentinel_value_is_not_reported()
    {
        LintTest.CheckTyped(RangeNeverClosed.Rule, """
            package p

            type writer struct{ blocks chan []byte }

            func newWriter(n int) *writer {
            	w := &writer{blocks: make(chan []byte, n)}
            	go func() {
            		for b := range w.blocks {
            			if len(b) == 0 {
            				return
            			}
            		}
            	}()
            	go w.drain()
            	return w
            }

            func (w *writer) drain() {
            	for b := range w.blocks {
            		if b == nil {
            			break
            		}
            	}
            }

            func (w *writer) stop() {
            	w.blocks <- nil
            	w.blocks = nil
            }
            """);
    }
}
