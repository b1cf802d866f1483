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
}
