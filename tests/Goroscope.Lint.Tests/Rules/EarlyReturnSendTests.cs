using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class EarlyReturnSendTests
{
    [Fact]
    public void Receive_in_a_select_with_a_timeout_case_is_reported_with_a_buffer_of_one_edit()
    {
        var found = LintTest.Check(EarlyReturnSend.Rule, """
            package a

            import ("context"; "time")

            func query(ctx context.Context) (int, error) {
            	ch := make(chan int)
            	go func() {
            		ch <- work() // want "early-return-send"
            	}()
            	select {
            	case v := <-ch:
            		return v, nil
            	case <-ctx.Done():
            		return 0, ctx.Err()
            	case <-time.After(time.Second):
            		return 0, nil
            	}
            }

            func work() int { return 1 }
            """);
        var edit = Assert.Single(found).Edit;
        Assert.NotNull(edit);
        Assert.Equal(", 1", edit.NewText);
        Assert.Equal(new LineColumn(6, 21), edit.Start);
    }

    [Fact]
    public void Return_before_the_receive_is_reported()
    {
        LintTest.Check(EarlyReturnSend.Rule, """
            package a

            func f(fail bool) error {
            	errc := make(chan error)
            	go func() { errc <- run() }() // want "early-return-send"
            	if fail {
            		return nil
            	}
            	return <-errc
            }

            func run() error { return nil }
            """);
    }

    [Fact]
    public void Buffered_channels_plain_receives_and_escaping_channels_are_not_reported()
    {
        LintTest.Check(EarlyReturnSend.Rule, """
            package a

            import "context"

            func buffered(ctx context.Context) int {
            	ch := make(chan int, 1)
            	go func() { ch <- 1 }()
            	select {
            	case v := <-ch:
            		return v
            	case <-ctx.Done():
            		return 0
            	}
            }

            func plain() int {
            	ch := make(chan int)
            	go func() { ch <- 1 }()
            	return <-ch
            }

            func senderSelects(ctx context.Context) int {
            	ch := make(chan int)
            	go func() {
            		select {
            		case ch <- 1:
            		case <-ctx.Done():
            		}
            	}()
            	select {
            	case v := <-ch:
            		return v
            	case <-ctx.Done():
            		return 0
            	}
            }

            func escapes(ctx context.Context) int {
            	ch := make(chan int)
            	go func() { ch <- 1 }()
            	drain(ch)
            	select {
            	case v := <-ch:
            		return v
            	case <-ctx.Done():
            		return 0
            	}
            }

            func otherCasePanics(ctx context.Context) int {
            	ch := make(chan int)
            	go func() { ch <- 1 }()
            	select {
            	case v := <-ch:
            		return v
            	case <-ctx.Done():
            		panic("hung")
            	}
            }

            func drain(chan int) {}
            """);
    }

    private const string FieldSender = """
        package p

        import "context"

        type prober struct{ result chan error }

        func (p *prober) check() {
        	p.result <- nil // want "early-return-send"
        }

        func (p *prober) Probe(ctx context.Context) error {
        	p.result = make(chan error)
        	go p.check()
        	select {
        	case err := <-p.result:
        		return err
        	case <-ctx.Done():
        		return ctx.Err()
        	}
        }
        """;

    [Fact]
    public void Send_on_a_field_from_a_method_goroutine_is_reported_with_the_receive_and_the_go_statement()
    {
        var finding = Assert.Single(LintTest.CheckTyped(EarlyReturnSend.Rule, FieldSender));
        Assert.Equal([15, 13], finding.Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Field_channels_are_not_followed_without_types()
    {
        Assert.Empty(LintTest.Lint(EarlyReturnSend.Rule, [("a.go", FieldSender)]));
    }

    [Fact]
    public void Method_started_twice_or_an_exported_field_is_not_reported()
    {
        LintTest.CheckTyped(EarlyReturnSend.Rule, """
            package p

            import "context"

            type twice struct{ result chan error }

            func (t *twice) check() { t.result <- nil }

            func (t *twice) Probe(ctx context.Context) error {
            	t.result = make(chan error)
            	go t.check()
            	select {
            	case err := <-t.result:
            		return err
            	case <-ctx.Done():
            		return ctx.Err()
            	}
            }

            func (t *twice) Warm() { go t.check() }

            type Exported struct{ Result chan error }

            func (e *Exported) check() { e.Result <- nil }

            func (e *Exported) Probe(ctx context.Context) error {
            	e.Result = make(chan error)
            	go e.check()
            	select {
            	case err := <-e.Result:
            		return err
            	case <-ctx.Done():
            		return ctx.Err()
            	}
            }
            """);
    }

    // A poller: each round makes a channel, starts a fetch that answers on it, and waits for it or for the stop.
    private const string Poller = """
        package a

        import "time"

        func fetch() int { return 1 }

        func poll(stop chan struct{}, out func(int)) {
        	for {
        		MAKE
        		go func() {
        			results <- fetch() SENDWANT
        		}()
        		select {
        		case v := <-results:
        			out(v)
        		case <-stop:
        			LEAVE
        		}
        		time.Sleep(time.Second)
        	}
        }
        """;

    private static string PollerWith(string make, string leave, bool reported) =>
        Poller.Replace("MAKE", make).Replace("LEAVE", leave).Replace("SENDWANT", reported ? "// want \"early-return-send\"" : "");

    [Fact]
    public void Channel_made_and_received_in_a_select_in_each_round_whose_other_case_returns_is_reported()
    {
        LintTest.Check(EarlyReturnSend.Rule, PollerWith("results := make(chan int)", "return", reported: true));
    }

    [Fact]
    public void Channel_made_and_received_in_a_select_in_each_round_whose_other_case_breaks_out_is_reported()
    {
        LintTest.Check(EarlyReturnSend.Rule, PollerWith("results := make(chan int)", "time.Sleep(0)\n\t\t\tbreak", reported: true).Replace("\tfor {", "loop:\n\tfor {").Replace("break", "break loop"));
    }

    [Fact]
    public void Channel_made_in_each_round_with_a_buffer_of_one_is_not_reported()
    {
        LintTest.Check(EarlyReturnSend.Rule, PollerWith("results := make(chan int, 1)", "return", reported: false));
    }

    [Fact]
    public void Channel_made_in_each_round_whose_other_case_drains_it_before_leaving_is_not_reported()
    {
        LintTest.Check(EarlyReturnSend.Rule, PollerWith("results := make(chan int)", "<-results\n\t\t\treturn", reported: false));
    }

    [Fact]
    public void Channel_made_once_before_the_loop_that_starts_a_sender_each_round_is_not_reported()
    {
        LintTest.Check(EarlyReturnSend.Rule, PollerWith("", "return", reported: false).Replace("\tfor {", "\tresults := make(chan int)\n\tfor {"));
    }
    [Fact]
    public void Drain_of_one_value_for_a_sender_that_sends_in_a_loop_is_reported()
    {
        LintTest.Check(EarlyReturnSend.Rule, Poller.Replace("MAKE", "results := make(chan int)").Replace("LEAVE", "<-results\n\t\t\treturn")
            .Replace("results <- fetch() SENDWANT", "for i := 0; i < 3; i++ {\n\t\t\t\tresults <- fetch() // want \"early-return-send\"\n\t\t\t}"));
    }

    [Fact]
    public void Drain_of_one_value_for_a_sender_that_sends_twice_is_reported()
    {
        LintTest.Check(EarlyReturnSend.Rule, PollerWith("results := make(chan int)", "<-results\n\t\t\treturn", reported: true)
            .Replace("results <- fetch() // want \"early-return-send\"", "results <- fetch() // want \"early-return-send\"\n\t\t\tresults <- fetch()"));
    }

    [Fact]
    public void Drain_on_one_way_out_leaves_another_undrained_way_out_reported()
    {
        LintTest.Check(EarlyReturnSend.Rule, PollerWith("results := make(chan int)", "<-results\n\t\t\treturn", reported: true)
            .Replace("\t\tcase <-stop:", "\t\tcase <-time.After(time.Second):\n\t\t\treturn\n\t\tcase <-stop:"));
    }
    [Fact]
    public void Drain_of_one_value_for_a_sender_whose_loop_sends_once_and_breaks_out_is_not_reported()
    {
        LintTest.Check(EarlyReturnSend.Rule, Poller.Replace("MAKE", "results := make(chan int)").Replace("LEAVE", "<-results\n\t\t\treturn")
            .Replace("results <- fetch() SENDWANT", "for {\n\t\t\t\tif v := fetch(); v > 0 {\n\t\t\t\t\tresults <- v\n\t\t\t\t\tbreak\n\t\t\t\t}\n\t\t\t}"));
    }
}
