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
}
