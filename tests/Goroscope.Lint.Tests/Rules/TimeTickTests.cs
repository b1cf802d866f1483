using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class TimeTickTests
{
    private const string Leaky = """
        package a

        import "time"

        func poll(f func()) {
        	for range time.Tick(time.Second) { // want "time-tick"
        		f()
        	}
        }
        """;

    [Fact]
    public void Time_tick_in_an_ordinary_function_is_reported_before_go_1_23()
    {
        LintTest.Check(TimeTick.Rule, Leaky, goMinor: 22);
        Assert.Empty(LintTest.Lint(TimeTick.Rule, [("a.go", Leaky)], goMinor: 23));
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
            	for range time.Tick(time.Second) {
            	}
            }
            """, goMinor: 22);
    }
}
