using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class TimeAfterInLoopTests
{
    private const string Leaky = """
        package a

        import "time"

        func poll(ch chan int) {
        	for {
        		select {
        		case <-ch:
        		case <-time.After(time.Minute): // want "time-after-in-loop"
        		}
        	}
        }
        """;

    [Fact]
    public void Time_after_in_an_endless_select_loop_is_reported_before_go_1_23()
    {
        LintTest.Check(TimeAfterInLoop.Rule, Leaky, goMinor: 22);
        LintTest.Check(TimeAfterInLoop.Rule, Leaky, goMinor: null);
    }

    [Fact]
    public void Nothing_is_reported_from_go_1_23()
    {
        Assert.Empty(LintTest.Lint(TimeAfterInLoop.Rule, [("a.go", Leaky)], goMinor: 23));
    }

    [Fact]
    public void Bounded_loops_and_a_select_outside_a_loop_are_not_reported()
    {
        LintTest.Check(TimeAfterInLoop.Rule, """
            package a

            import "time"

            func retry(ch chan int) {
            	for i := 0; i < 3; i++ {
            		select {
            		case <-ch:
            			return
            		case <-time.After(time.Second):
            		}
            	}
            }

            func each(items []int, ch chan int) {
            	for range items {
            		select {
            		case <-ch:
            		case <-time.After(time.Second):
            		}
            	}
            }

            func untilReady(ready chan int) {
            	for {
            		select {
            		case <-ready:
            			return
            		case <-time.After(time.Second):
            		}
            	}
            }

            func once(ch chan int) {
            	select {
            	case <-ch:
            	case <-time.After(time.Second):
            	}
            }
            """, goMinor: 22);
    }

    [Fact]
    public void Select_followed_by_a_return_inside_the_loop_is_not_reported()
    {
        LintTest.Check(TimeAfterInLoop.Rule, """
            package a

            import (
            	"errors"
            	"time"
            )

            func readyForConnections(ok func() bool, started chan struct{}, wait bool) error {
            	for {
            		if ok() {
            			if wait {
            				select {
            				case <-started:
            				case <-time.After(time.Second):
            					return errors.New("startup did not complete")
            				}
            			}
            			return nil
            		}
            		time.Sleep(time.Millisecond)
            	}
            }

            func retried(ok func() bool, events chan int) error {
            	for {
            		if ok() {
            			select {
            			case <-events:
            				continue
            			case <-time.After(time.Second): // want "time-after-in-loop"
            			}
            			return nil
            		}
            	}
            }
            """, goMinor: 22);
    }

    [Fact]
    public void Other_case_on_a_channel_the_loop_returns_on_elsewhere_is_not_reported()
    {
        LintTest.Check(TimeAfterInLoop.Rule, """
            package a

            import "time"

            func heartbeat(notify, stopCh chan struct{}, send func() error) {
            	for {
            		select {
            		case <-notify:
            		case <-stopCh:
            			return
            		}
            		if err := send(); err != nil {
            			select {
            			case <-time.After(time.Second):
            			case <-stopCh:
            			}
            		}
            	}
            }
            """, goMinor: 22);
    }

    private const string LoopHeadCheck = """
        package a

        import "time"

        type checker struct {
        	done chan struct{}
        	stop chan struct{}
        }

        func (c *checker) isClosing() bool {
        	select {
        	case <-c.done:
        		return true
        	default:
        		return false
        	}
        }

        func (c *checker) work(next func() bool) {
        	for {
        		if c.isClosing() {
        			return
        		}
        		if !next() {
        			select {
        			case <-time.After(time.Second):
        			case <-c.done:
        			}
        		}
        	}
        }

        func (c *checker) workUntilStop(next func() bool) {
        	for {
        		if c.isClosing() {
        			return
        		}
        		if !next() {
        			select {
        			case <-time.After(time.Second): // want "time-after-in-loop"
        			case <-c.stop:
        			}
        		}
        	}
        }
        """;

    [Fact]
    public void Other_case_on_the_channel_a_loop_check_returns_on_through_a_method_is_not_reported()
    {
        // work: `if c.isClosing() { return }` selects on c.done, the other case: it comes round at most once.
        // workUntilStop: the other case is c.stop, which the check does not look at: still reported.
        LintTest.Check(TimeAfterInLoop.Rule, LoopHeadCheck, goMinor: 22);
    }

    [Fact]
    public void Constant_timeout_under_a_millisecond_is_not_reported()
    {
        LintTest.Check(TimeAfterInLoop.Rule, """
            package a

            import "time"

            const poll = 500 * time.Nanosecond

            func serve(blocks <-chan []byte, add func([]byte), flush func()) {
            	for {
            		select {
            		case b := <-blocks:
            			add(b)
            		case <-time.After(1 * time.Microsecond):
            			flush()
            		}
            	}
            }

            func serveConst(blocks <-chan []byte, add func([]byte), flush func()) {
            	for {
            		select {
            		case b := <-blocks:
            			add(b)
            		case <-time.After(poll):
            			flush()
            		}
            	}
            }
            """, goMinor: 22);
    }

    [Fact]
    public void Timeout_of_a_millisecond_or_more_or_not_constant_is_reported()
    {
        LintTest.Check(TimeAfterInLoop.Rule, """
            package a

            import "time"

            func serve(blocks <-chan []byte, add func([]byte), flush func(), d time.Duration) {
            	for {
            		select {
            		case b := <-blocks:
            			add(b)
            		case <-time.After(time.Millisecond): // want "time-after-in-loop"
            			flush()
            		}
            		select {
            		case b := <-blocks:
            			add(b)
            		case <-time.After(d * time.Microsecond): // want "time-after-in-loop"
            			flush()
            		}
            	}
            }
            """, goMinor: 22);
    }

    private const string Wrapped = """
        package p

        import "time"

        func timeout() <-chan time.Time { return time.After(time.Minute) }

        func consume(in <-chan int, handle func(int)) {
        	for {
        		select {
        		case v := <-in:
        			handle(v)
        		case <-timeout(): // want "time-after-in-loop"
        			return
        		}
        	}
        }
        """;

    [Fact]
    public void Wrapper_returning_time_after_is_reported_through_the_types()
    {
        var finding = Assert.Single(LintTest.CheckTyped(TimeAfterInLoop.Rule, Wrapped, goMinor: 22));
        Assert.Equal(5, Assert.Single(finding.Related).Start.Line);
    }

    [Fact]
    public void Wrapper_is_found_by_name_when_types_are_off()
    {
        LintTest.Check(TimeAfterInLoop.Rule, Wrapped, goMinor: 22);
    }

    [Fact]
    public void Wrapper_of_a_timer_made_once_is_not_reported()
    {
        LintTest.CheckTyped(TimeAfterInLoop.Rule, """
            package p

            import "time"

            var t = time.NewTimer(time.Minute)

            func fired() <-chan time.Time { return t.C }

            func consume(in <-chan int, handle func(int)) {
            	for {
            		select {
            		case v := <-in:
            			handle(v)
            		case <-fired():
            			return
            		}
            	}
            }
            """, goMinor: 22);
    }
}
