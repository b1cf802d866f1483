using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class TickerNotStoppedTests
{
    [Fact]
    public void Unstopped_ticker_and_timer_are_reported_before_go_1_23()
    {
        LintTest.Check(TickerNotStopped.Rule, """
            package a

            import "time"

            func tick(done chan struct{}) {
            	t := time.NewTicker(time.Second) // want "ticker-not-stopped"
            	for {
            		select {
            		case <-t.C:
            		case <-done:
            			return
            		}
            	}
            }

            func wait(result chan error) error {
            	timer := time.NewTimer(time.Minute) // want "ticker-not-stopped"
            	select {
            	case err := <-result:
            		return err
            	case <-timer.C:
            		return nil
            	}
            }
            """, goMinor: 22);
    }

    [Fact]
    public void Timers_every_read_waits_for_and_nanosecond_timers_are_not_reported()
    {
        LintTest.Check(TickerNotStopped.Rule, """
            package a

            import "time"

            func sleep() {
            	timer := time.NewTimer(time.Second)
            	<-timer.C
            }

            func poll(ch chan int) {
            	timer := time.NewTimer(time.Second)
            	select {
            	case <-timer.C:
            	default:
            	}
            }

            func race() {
            	a := time.NewTimer(1)
            	b := time.NewTimer(1)
            	select {
            	case <-a.C:
            	case <-b.C:
            	}
            }
            """, goMinor: 22);
    }

    [Fact]
    public void From_go_1_23_only_a_ticker_read_by_an_endless_loop_is_reported()
    {
        LintTest.Check(TickerNotStopped.Rule, """
            package a

            import "time"

            func forever(f func()) {
            	t := time.NewTicker(time.Second) // want "ticker-not-stopped"
            	for range t.C {
            		f()
            	}
            }

            func endless(f func()) {
            	t := time.NewTicker(time.Second) // want "ticker-not-stopped"
            	for {
            		<-t.C
            		f()
            	}
            }

            func exits(done chan struct{}) {
            	t := time.NewTicker(time.Second)
            	for {
            		select {
            		case <-t.C:
            		case <-done:
            			return
            		}
            	}
            }

            func timer() {
            	t := time.NewTimer(time.Second)
            	<-t.C
            }
            """, goMinor: 23);
    }

    [Fact]
    public void Stopped_directly_deferred_in_a_closure_or_through_a_field_is_not_reported()
    {
        LintTest.Check(TickerNotStopped.Rule, """
            package a

            import "time"

            type poller struct{ ticker *time.Ticker }

            func (p *poller) start() {
            	t := time.NewTicker(time.Second)
            	p.ticker = t
            }

            func (p *poller) stop() { p.ticker.Stop() }

            func deferred() {
            	t := time.NewTicker(time.Second)
            	defer t.Stop()
            	<-t.C
            }

            func inClosure() {
            	t := time.NewTicker(time.Second)
            	defer func() { t.Stop() }()
            	<-t.C
            }

            func returned() *time.Ticker {
            	t := time.NewTicker(time.Second)
            	return t
            }

            func handedOn() {
            	t := time.NewTimer(time.Second)
            	keep(t)
            }

            func keep(*time.Timer) {}
            """, goMinor: 22);
    }
}
