using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class LoopSelectNoExitTests
{
    [Fact]
    public void For_select_without_a_way_out_in_a_goroutine_is_reported()
    {
        LintTest.Check(LoopSelectNoExit.Rule, """
            package a

            import "time"

            type cache struct {
            	updates chan string
            	ticks   *time.Ticker
            }

            func (c *cache) start() {
            	go c.loop()
            }

            func (c *cache) loop() {
            	for { // want "loop-select-no-exit"
            		select {
            		case u := <-c.updates:
            			_ = u
            		case <-c.ticks.C:
            		}
            	}
            }
            """);
    }

    [Fact]
    public void Done_case_return_labelled_break_default_and_package_singletons_are_not_reported()
    {
        LintTest.Check(LoopSelectNoExit.Rule, """
            package a

            import "context"

            var signals = make(chan int)

            func start(ctx context.Context, in chan int, quit chan struct{}) {
            	go func() {
            		for {
            			select {
            			case <-in:
            			case <-ctx.Done():
            			}
            		}
            	}()
            	go func() {
            		for {
            			select {
            			case v, ok := <-in:
            				if !ok {
            					return
            				}
            				_ = v
            			}
            		}
            	}()
            	go func() {
            	loop:
            		for {
            			select {
            			case <-in:
            			case <-quit:
            				break loop
            			}
            		}
            	}()
            	go func() {
            		for {
            			select {
            			case <-in:
            			default:
            			}
            		}
            	}()
            	go func() {
            		for {
            			select {
            			case s := <-signals:
            				_ = s
            			}
            		}
            	}()
            }

            func notAGoroutine(in chan int) {
            	for {
            		select {
            		case <-in:
            		}
            	}
            }
            """);
    }

    [Fact]
    public void Loop_started_once_by_a_function_only_main_calls_is_not_reported()
    {
        LintTest.Check(LoopSelectNoExit.Rule, """
            package main

            import "os"

            func reload() error { return nil }

            func run() int {
            	hup := make(chan os.Signal, 1)
            	web := make(chan chan error)
            	go func() {
            		for {
            			select {
            			case <-hup:
            				_ = reload()
            			case errc := <-web:
            				errc <- reload()
            			}
            		}
            	}()
            	return serve(web)
            }

            func serve(chan chan error) int { return 0 }

            func main() {
            	os.Exit(run())
            }
            """);
    }

    [Fact]
    public void Loop_started_in_a_literal_main_hands_on_as_a_handler_is_reported()
    {
        LintTest.Check(LoopSelectNoExit.Rule, """
            package main

            import "net/http"

            func main() {
            	http.HandleFunc("/watch", func(w http.ResponseWriter, r *http.Request) {
            		events := make(chan string)
            		go func() {
            			for { // want "loop-select-no-exit"
            				select {
            				case e := <-events:
            					_ = e
            				}
            			}
            		}()
            	})
            	_ = http.ListenAndServe("127.0.0.1:8080", nil)
            }
            """);
    }

    [Fact]
    public void Loop_in_a_goroutine_main_starts_once_through_a_literal_called_in_place_is_not_reported()
    {
        LintTest.Check(LoopSelectNoExit.Rule, """
            package main

            import "os"

            func main() {
            	hup := make(chan os.Signal, 1)
            	func() {
            		go func() {
            			for {
            				select {
            				case <-hup:
            				}
            			}
            		}()
            	}()
            	select {}
            }
            """);
    }

    [Fact]
    public void Loop_started_by_a_function_main_calls_in_a_loop_is_reported()
    {
        LintTest.Check(LoopSelectNoExit.Rule, """
            package main

            import "os"

            func reload() error { return nil }

            func run() int {
            	hup := make(chan os.Signal, 1)
            	web := make(chan chan error)
            	go func() {
            		for { // want "loop-select-no-exit"
            			select {
            			case <-hup:
            				_ = reload()
            			case errc := <-web:
            				errc <- reload()
            			}
            		}
            	}()
            	return serve(web)
            }

            func serve(chan chan error) int { return 0 }

            func main() {
            	for {
            		if run() != 0 {
            			os.Exit(1)
            		}
            	}
            }
            """);
    }

    [Fact]
    public void Loop_woken_by_a_ticker_is_reported_as_never_ending_not_as_blocked()
    {
        var found = LintTest.Check(LoopSelectNoExit.Rule, """
            package a

            import "time"

            type tracker struct{ sessions chan int }

            func newTracker() *tracker {
            	t := &tracker{sessions: make(chan int)}
            	go t.process()
            	return t
            }

            func (t *tracker) process() {
            	tic := time.Tick(time.Minute)
            	for { // want "loop-select-no-exit"
            		select {
            		case s := <-t.sessions:
            			_ = s
            		case <-tic:
            		}
            	}
            }
            """);
        Assert.Contains("`tic` (line 19) wakes it again and again", found.Single().Message, StringComparison.Ordinal);
        Assert.DoesNotContain("blocks forever", found.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loop_on_channels_alone_is_reported_as_blocking_forever()
    {
        var found = LintTest.Check(LoopSelectNoExit.Rule, """
            package a

            type tracker struct{ sessions, flush chan int }

            func (t *tracker) start() { go t.process() }

            func (t *tracker) process() {
            	for { // want "loop-select-no-exit"
            		select {
            		case <-t.sessions:
            		case <-t.flush:
            		}
            	}
            }
            """);
        Assert.Contains("blocks forever", found.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loop_handling_signals_registered_by_a_package_helper_is_not_reported()
    {
        LintTest.Check(LoopSelectNoExit.Rule, """
            package a

            import ("os"; "os/signal"; "syscall")

            type tracker struct{ sessions chan int }

            func (t *tracker) start() { go t.process() }

            func (t *tracker) process() {
            	shutdown := shutdownSignals()
            	for {
            		select {
            		case <-t.sessions:
            		case sig := <-shutdown:
            			t.flushAndRepeat(sig)
            		}
            	}
            }

            func shutdownSignals() chan os.Signal {
            	c := make(chan os.Signal, 1)
            	signal.Notify(c, syscall.SIGTERM, syscall.SIGINT)
            	return c
            }

            func (t *tracker) flushAndRepeat(sig os.Signal) {}
            """);
    }

    [Fact]
    public void Loop_on_a_helper_channel_not_registered_for_signals_is_reported()
    {
        LintTest.Check(LoopSelectNoExit.Rule, """
            package a

            import "os"

            type tracker struct{ sessions chan int }

            func (t *tracker) start() { go t.process() }

            func (t *tracker) process() {
            	shutdown := shutdownSignals()
            	for { // want "loop-select-no-exit"
            		select {
            		case <-t.sessions:
            		case sig := <-shutdown:
            			t.flushAndRepeat(sig)
            		}
            	}
            }

            func shutdownSignals() chan os.Signal {
            	c := make(chan os.Signal, 1)
            	return c
            }

            func (t *tracker) flushAndRepeat(sig os.Signal) {}
            """);
    }

    [Fact]
    public void Loop_whose_case_sets_its_own_timer_again_is_reported_as_never_ending()
    {
        var found = LintTest.Check(LoopSelectNoExit.Rule, """
            package a

            import "time"

            type discovery struct{ hosts chan string }

            func (d *discovery) start() { go d.run() }

            func (d *discovery) run() {
            	poll := time.After(0)
            	var quiet <-chan time.Time
            	for { // want "loop-select-no-exit"
            		select {
            		case <-d.hosts:
            			quiet = time.After(time.Second)
            		case <-quiet:
            		case <-poll:
            			poll = time.After(time.Minute)
            		}
            	}
            }
            """);
        Assert.Contains("`poll` (line 17) wakes it again and again", found.Single().Message, StringComparison.Ordinal);
    }
}
