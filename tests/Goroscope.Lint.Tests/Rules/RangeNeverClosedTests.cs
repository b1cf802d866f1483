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
}
