using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class TimeTickTests
{
    private const string Leaky = """
        package a

        import "time"

        func pollUntil(done chan struct{}, check func()) {
        	tick := time.Tick(time.Second) // want "time-tick"
        	for {
        		select {
        		case <-tick:
        			check()
        		case <-done:
        			return
        		}
        	}
        }
        """;

    [Fact]
    public void Time_tick_in_a_function_that_can_return_is_reported_before_go_1_23()
    {
        var finding = Assert.Single(LintTest.Check(TimeTick.Rule, Leaky, goMinor: 22));
        Assert.Equal(12, Assert.Single(finding.Related).Start.Line);
        Assert.Empty(LintTest.Lint(TimeTick.Rule, [("a.go", Leaky)], goMinor: 23));
    }

    [Fact]
    public void Time_tick_in_a_file_that_imports_synctest_is_not_reported_as_it_builds_only_from_go_1_24()
    {
        LintTest.Check(TimeTick.Rule, """
            package a

            import ("testing/synctest"; "time")

            func pollInBubble(done chan struct{}, check func()) {
            	synctest.Run(func() {
            		go func() {
            			for range time.Tick(time.Second) {
            				check()
            				return
            			}
            		}()
            	})
            }
            """, goMinor: 22);
    }

    [Fact]
    public void Time_tick_in_the_same_goroutine_without_synctest_is_reported_before_go_1_23()
    {
        LintTest.Check(TimeTick.Rule, """
            package a

            import "time"

            func poll(check func()) {
            	go func() {
            		for range time.Tick(time.Second) { // want "time-tick"
            			check()
            			return
            		}
            	}()
            }
            """, goMinor: 22);
    }

    [Fact]
    public void Time_tick_in_a_goroutine_that_loops_forever_is_not_reported()
    {
        LintTest.Check(TimeTick.Rule, """
            package a

            import "time"

            func (d *daemon) gc() {
            	for range time.Tick(time.Minute) {
            		d.collect()
            	}
            }

            func (l *logger) outputLoop() {
            	tick := time.Tick(time.Second)
            	for {
            		select {
            		case m := <-l.msgs:
            			l.write(m)
            		case <-tick:
            			l.flush()
            		}
            	}
            }

            type daemon struct{}

            func (*daemon) collect() {}

            type logger struct{ msgs chan string }

            func (*logger) write(string) {}
            func (*logger) flush()       {}
            """, goMinor: 22);
    }

    [Fact]
    public void Time_tick_called_on_every_pass_of_a_loop_is_reported_though_the_loop_never_ends()
    {
        var finding = Assert.Single(LintTest.Check(TimeTick.Rule, """
            package a

            import "time"

            func pump(msgs <-chan string, handle func(string), idle func()) {
            	for {
            		select {
            		case m := <-msgs:
            			handle(m)
            		case <-time.Tick(time.Minute): // want "time-tick"
            			idle()
            		}
            	}
            }
            """, goMinor: 22));
        Assert.Contains("every pass of the loop (line 6)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_return_before_time_tick_is_called_does_not_count()
    {
        LintTest.Check(TimeTick.Rule, """
            package a

            import "time"

            func run(enabled bool, f func()) {
            	if !enabled {
            		return
            	}
            	for range time.Tick(time.Second) {
            		f()
            	}
            }
            """, goMinor: 22);
    }

    [Fact]
    public void Time_tick_in_main_init_and_package_variables_is_not_reported()
    {
        LintTest.Check(TimeTick.Rule, """
            package main

            import "time"

            var heartbeat = time.Tick(time.Minute)

            func init() {
            	go func() {
            		for range time.Tick(time.Second) {
            		}
            	}()
            }

            func main() {
            	tick := time.Tick(time.Second)
            	for i := 0; i < 3; i++ {
            		<-tick
            	}
            }
            """, goMinor: 22);
    }
}
