using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class TickerNotStoppedTests
{
    private const string Report = """
        package a

        import "time"

        func report(done chan struct{}, flush func()) {
        	t := time.NewTicker(time.Second) // want "ticker-not-stopped"
        	for {
        		select {
        		case <-t.C:
        			flush()
        		case <-done:
        			return
        		}
        	}
        }
        """;

    [Fact]
    public void Ticker_left_running_by_a_return_is_reported_before_go_1_23()
    {
        var finding = Assert.Single(LintTest.Check(TickerNotStopped.Rule, Report, goMinor: 22));
        Assert.Contains("the return at line 12", finding.Message, StringComparison.Ordinal);
        Assert.Equal(12, Assert.Single(finding.Related).Start.Line);
    }

    [Fact]
    public void Nothing_is_reported_from_go_1_23_where_unreferenced_tickers_and_timers_are_collected()
    {
        Assert.Empty(LintTest.Lint(TickerNotStopped.Rule, [("a.go", Report)], goMinor: 23));
        Assert.Empty(LintTest.Lint(TickerNotStopped.Rule, [("a.go", TimerPerPass)], goMinor: 23));
    }

    [Fact]
    public void Ticker_read_by_a_loop_with_no_way_out_is_not_reported()
    {
        LintTest.Check(TickerNotStopped.Rule, """
            package a

            import "time"

            func forever(f func()) {
            	t := time.NewTicker(time.Second)
            	for range t.C {
            		f()
            	}
            }

            func endless(f func()) {
            	t := time.NewTicker(time.Second)
            	for {
            		<-t.C
            		f()
            	}
            }
            """, goMinor: 22);
    }

    [Fact]
    public void Ticker_stopped_on_every_way_out_is_not_reported()
    {
        LintTest.Check(TickerNotStopped.Rule, """
            package a

            import "time"

            func flushLoop(flush func(), done <-chan struct{}) {
            	t := time.NewTicker(time.Second)
            	for {
            		select {
            		case <-t.C:
            			flush()
            		case <-done:
            			t.Stop()
            			return
            		}
            	}
            }

            func optional(d time.Duration, done <-chan struct{}, flush func()) {
            	var tick <-chan time.Time
            	if d > 0 {
            		t := time.NewTicker(d)
            		defer t.Stop()
            		tick = t.C
            	}
            	for {
            		select {
            		case <-tick:
            			flush()
            		case <-done:
            			return
            		}
            	}
            }
            """, goMinor: 22);
    }

    [Fact]
    public void Ticker_stopped_only_after_an_early_return_is_reported()
    {
        var findings = LintTest.Check(TickerNotStopped.Rule, """
            package a

            import "time"

            func heartbeat(connect func() error, beat func(), done <-chan struct{}) error {
            	t := time.NewTicker(time.Second) // want "ticker-not-stopped"
            	if err := connect(); err != nil {
            		return err
            	}
            	defer t.Stop()
            	for {
            		select {
            		case <-t.C:
            			beat()
            		case <-done:
            			return nil
            		}
            	}
            }

            func stoppedOnOneCase(flush func(), done, quit <-chan struct{}) {
            	t := time.NewTicker(time.Second) // want "ticker-not-stopped"
            	for {
            		select {
            		case <-t.C:
            			flush()
            		case <-done:
            			t.Stop()
            			return
            		case <-quit:
            			return
            		}
            	}
            }
            """, goMinor: 22);
        Assert.Contains("the return at line 8", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("the return at line 31", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ticker_stopped_before_each_break_out_of_the_loop_is_not_reported()
    {
        // cmd/trace's parseTraceInteractive: the return after the loop is reached only through the break, after Stop.
        LintTest.Check(TickerNotStopped.Rule, """
            package a

            import "time"

            func progress(done <-chan struct{}, report func()) {
            	ticker := time.NewTicker(5 * time.Second)
            progressLoop:
            	for {
            		select {
            		case <-ticker.C:
            		case <-done:
            			ticker.Stop()
            			break progressLoop
            		}
            		report()
            	}
            	return
            }
            """, goMinor: 22);
    }

    [Fact]
    public void Ticker_left_running_by_a_break_without_a_stop_is_reported()
    {
        LintTest.Check(TickerNotStopped.Rule, """
            package a

            import "time"

            func progress(done, cancel <-chan struct{}, report func()) {
            	ticker := time.NewTicker(5 * time.Second) // want "ticker-not-stopped"
            progressLoop:
            	for {
            		select {
            		case <-ticker.C:
            		case <-done:
            			ticker.Stop()
            			break progressLoop
            		case <-cancel:
            			break progressLoop
            		}
            		report()
            	}
            	return
            }
            """, goMinor: 22);
    }

    private const string StartedByMain = """
        package main

        import "time"

        func record(done chan int, sample func()) {
        	tick := time.NewTicker(time.Second)
        	for {
        		select {
        		case <-done:
        			return
        		case <-tick.C:
        			sample()
        		}
        	}
        }

        func main() {
        	done := make(chan int)
        	defer close(done)
        	go record(done, func() {})
        }
        """;

    [Fact]
    public void Ticker_of_a_goroutine_main_starts_once_is_not_reported()
    {
        // opencensus' gauges example: the goroutine returns when main does, and the process with it.
        LintTest.Check(TickerNotStopped.Rule, StartedByMain, goMinor: 22);
    }

    [Fact]
    public void Ticker_of_a_goroutine_main_starts_in_a_loop_is_reported()
    {
        var source = StartedByMain
            .Replace("tick := time.NewTicker(time.Second)", "tick := time.NewTicker(time.Second) // want \"ticker-not-stopped\"", StringComparison.Ordinal)
            .Replace("\tgo record(done, func() {})", "\tfor i := 0; i < 3; i++ {\n\t\tgo record(done, func() {})\n\t}", StringComparison.Ordinal);
        Assert.Contains("for i := 0", source, StringComparison.Ordinal);
        LintTest.Check(TickerNotStopped.Rule, source, goMinor: 22);
    }

    [Fact]
    public void Ticker_made_in_a_literal_main_hands_on_as_a_handler_is_reported()
    {
        LintTest.Check(TickerNotStopped.Rule, """
            package main

            import (
            	"net/http"
            	"time"
            )

            func main() {
            	http.HandleFunc("/progress", func(w http.ResponseWriter, r *http.Request) {
            		tick := time.NewTicker(time.Second) // want "ticker-not-stopped"
            		for i := 0; i < 3; i++ {
            			<-tick.C
            			_, _ = w.Write([]byte("."))
            		}
            	})
            	_ = http.ListenAndServe("127.0.0.1:8080", nil)
            }
            """, goMinor: 22);
    }

    [Fact]
    public void Ticker_read_by_a_goroutine_that_returns_is_reported()
    {
        LintTest.Check(TickerNotStopped.Rule, """
            package a

            import "time"

            func start(done <-chan struct{}, beat func()) {
            	t := time.NewTicker(time.Second) // want "ticker-not-stopped"
            	go func() {
            		for {
            			select {
            			case <-t.C:
            				beat()
            			case <-done:
            				return
            			}
            		}
            	}()
            }

            func startForever(beat func()) {
            	t := time.NewTicker(time.Second)
            	go func() {
            		for range t.C {
            			beat()
            		}
            	}()
            }
            """, goMinor: 22);
    }

    [Fact]
    public void Ticker_made_on_every_pass_of_a_loop_is_reported()
    {
        var finding = Assert.Single(LintTest.Check(TickerNotStopped.Rule, """
            package a

            import "time"

            func retry(try func() bool) {
            	for {
            		t := time.NewTicker(time.Second) // want "ticker-not-stopped"
            		<-t.C
            		if try() {
            			break
            		}
            	}
            }
            """, goMinor: 22));
        Assert.Contains("the next pass of the loop at line 6", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stopped_directly_deferred_in_a_closure_or_handed_on_is_not_reported()
    {
        LintTest.Check(TickerNotStopped.Rule, """
            package a

            import "time"

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
            	t := time.NewTicker(time.Second)
            	keep(t)
            }

            func keep(*time.Ticker) {}
            """, goMinor: 22);
    }

    private const string Fields = """
        package a

        import "time"

        type syncer struct {
        	tick *time.Ticker
        	quit chan struct{}
        }

        func (s *syncer) run(sync func()) {
        	s.tick = time.NewTicker(time.Minute) // want "ticker-not-stopped"
        	for {
        		select {
        		case <-s.tick.C:
        			sync()
        		case <-s.quit:
        			return
        		}
        	}
        }

        type flusher struct {
        	tick *time.Ticker
        	quit chan struct{}
        }

        func (f *flusher) run(flush func()) {
        	f.tick = time.NewTicker(time.Minute)
        	for {
        		select {
        		case <-f.tick.C:
        			flush()
        		case <-f.quit:
        			return
        		}
        	}
        }

        func (f *flusher) Close() {
        	f.tick.Stop()
        	close(f.quit)
        }
        """;

    [Fact]
    public void Ticker_in_a_field_nothing_stops_is_reported_when_its_reader_returns()
    {
        var finding = Assert.Single(LintTest.CheckTyped(TickerNotStopped.Rule, Fields, goMinor: 22));
        Assert.Equal(14, Assert.Single(finding.Related).Start.Line);
    }

    [Fact]
    public void Ticker_in_a_field_is_not_reported_when_a_field_of_that_name_is_stopped_and_types_cannot_tell_them_apart()
    {
        Assert.Empty(LintTest.Lint(TickerNotStopped.Rule, [("a.go", Fields)], goMinor: 22));
    }

    [Fact]
    public void Ticker_in_a_field_read_forever_or_exported_is_not_reported()
    {
        LintTest.CheckTyped(TickerNotStopped.Rule, """
            package a

            import "time"

            type gossip struct{ tick *time.Ticker }

            func (g *gossip) run(send func()) {
            	g.tick = time.NewTicker(time.Second)
            	for range g.tick.C {
            		send()
            	}
            }

            type Pump struct {
            	Tick *time.Ticker
            	quit chan struct{}
            }

            func (p *Pump) run(pump func()) {
            	p.Tick = time.NewTicker(time.Second)
            	for {
            		select {
            		case <-p.Tick.C:
            			pump()
            		case <-p.quit:
            			return
            		}
            	}
            }
            """, goMinor: 22);
    }

    private const string TimerPerPass = """
        package a

        import "time"

        func consume(msgs <-chan string, handle func(string)) {
        	for {
        		idle := time.NewTimer(time.Minute) // want "ticker-not-stopped"
        		select {
        		case m := <-msgs:
        			handle(m)
        		case <-idle.C:
        			return
        		}
        	}
        }
        """;

    [Fact]
    public void Timer_made_on_every_pass_and_left_running_by_a_select_is_reported()
    {
        var finding = Assert.Single(LintTest.Check(TickerNotStopped.Rule, TimerPerPass, goMinor: 22));
        Assert.Contains("a new timer `idle` on every pass of the loop (line 6)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_shot_timer_left_running_by_a_select_is_not_reported()
    {
        LintTest.Check(TickerNotStopped.Rule, """
            package a

            import "time"

            func wait(result chan error) error {
            	timer := time.NewTimer(time.Minute)
            	select {
            	case err := <-result:
            		return err
            	case <-timer.C:
            		return nil
            	}
            }

            func sleep() {
            	timer := time.NewTimer(time.Second)
            	<-timer.C
            }
            """, goMinor: 22);
    }

    [Fact]
    public void Timer_per_pass_that_fires_within_a_millisecond_or_whose_other_cases_leave_is_not_reported()
    {
        LintTest.Check(TickerNotStopped.Rule, """
            package a

            import "time"

            func spin(msgs <-chan string, handle func(string)) {
            	for {
            		t := time.NewTimer(50 * time.Microsecond)
            		select {
            		case m := <-msgs:
            			handle(m)
            		case <-t.C:
            		}
            	}
            }

            func once(msgs <-chan string, handle func(string)) {
            	for {
            		t := time.NewTimer(time.Minute)
            		select {
            		case m := <-msgs:
            			handle(m)
            			return
            		case <-t.C:
            		}
            	}
            }
            """, goMinor: 22);
    }
}
