using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class SelfBlockingChannelTests
{
    [Fact]
    public void Send_on_a_fresh_unbuffered_channel_before_it_is_returned_is_reported_with_the_make_and_the_return_related()
    {
        var found = LintTest.CheckTyped(SelfBlockingChannel.Rule, """
            package p

            func wait(id string, err error) chan error {
            	errC := make(chan error)
            	if err != nil {
            		errC <- err // want "self-blocking-channel"
            		return errC
            	}
            	go func() { errC <- nil }()
            	return errC
            }
            """);
        Assert.Equal([4, 7], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Send_after_the_receiver_goroutine_is_started_is_not_reported()
    {
        LintTest.CheckTyped(SelfBlockingChannel.Rule, """
            package p

            func run(v int) int {
            	ch := make(chan int)
            	go func() { ch <- v }()
            	return <-ch
            }
            """);
    }

    [Fact]
    public void Send_on_a_fresh_channel_with_a_buffer_is_not_reported()
    {
        LintTest.CheckTyped(SelfBlockingChannel.Rule, """
            package p

            func wait(err error) chan error {
            	errC := make(chan error, 1)
            	if err != nil {
            		errC <- err
            	}
            	return errC
            }
            """);
    }

    [Fact]
    public void Receive_from_a_fresh_channel_before_anything_can_send_is_reported()
    {
        LintTest.CheckTyped(SelfBlockingChannel.Rule, """
            package p

            func start(work func(chan<- int)) int {
            	results := make(chan int, 4)
            	first := <-results // want "self-blocking-channel"
            	go work(results)
            	return first
            }
            """);
    }

    [Fact]
    public void Send_inside_a_loop_that_hands_the_channel_on_in_an_earlier_round_is_not_reported()
    {
        LintTest.CheckTyped(SelfBlockingChannel.Rule, """
            package p

            func pump(n int, consume func(chan int)) {
            	ch := make(chan int)
            	for i := 0; i < n; i++ {
            		ch <- i
            		if i == 0 {
            			go consume(ch)
            		}
            	}
            }
            """);
    }

    [Fact]
    public void Send_in_a_select_on_a_fresh_channel_is_not_reported()
    {
        LintTest.CheckTyped(SelfBlockingChannel.Rule, """
            package p

            func try(v int) chan int {
            	ch := make(chan int)
            	select {
            	case ch <- v:
            	default:
            	}
            	return ch
            }
            """);
    }

    [Fact]
    public void Receive_from_a_channel_only_the_functions_own_deferred_close_closes_is_reported_with_the_defer_related()
    {
        var found = LintTest.CheckTyped(SelfBlockingChannel.Rule, """
            package p

            type loop struct{ stopped chan struct{} }

            func (l *loop) run(work func()) {
            	defer close(l.stopped)
            	work()
            	<-l.stopped // want "self-blocking-channel"
            }

            func start() {
            	l := &loop{stopped: make(chan struct{})}
            	go l.run(func() {})
            }
            """);
        Assert.Equal([6], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Receive_from_a_channel_another_function_also_closes_is_not_reported()
    {
        LintTest.CheckTyped(SelfBlockingChannel.Rule, """
            package p

            type loop struct{ stopped chan struct{} }

            func (l *loop) run(work func()) {
            	defer close(l.stopped)
            	work()
            	<-l.stopped
            }

            func (l *loop) abort() { close(l.stopped) }

            func start() {
            	l := &loop{stopped: make(chan struct{})}
            	go l.run(func() {})
            	l.abort()
            }
            """);
    }

    [Fact]
    public void Receive_from_a_deferred_close_channel_handed_to_another_package_is_not_reported()
    {
        LintTest.CheckTyped(SelfBlockingChannel.Rule, """
            package p

            import "os/signal"
            import "os"

            func serve() {
            	done := make(chan os.Signal)
            	defer close(done)
            	signal.Notify(done, os.Interrupt)
            	<-done
            }
            """);
    }
    private const string Starter = """
        package p

        import "context"

        func start(ctx context.Context, job func() error) (chan error, error) {
        	if job == nil {
        		return nil, context.Canceled
        	}
        	done := make(chan error)
        	go func() {
        		done <- job()
        	}()
        	return done, nil
        }

        func caller(ctx context.Context, job func() error) error {
        	CALL
        	return nil
        }
        """;

    [Fact]
    public void Call_that_drops_a_returned_channel_its_goroutine_sends_on_is_reported_with_the_send_and_the_return_related()
    {
        var found = LintTest.CheckTyped(SelfBlockingChannel.Rule, Starter.Replace("CALL", "_, err := start(ctx, job) // want \"self-blocking-channel\"\n\tif err != nil {\n\t\treturn err\n\t}"));
        Assert.Equal([11, 13], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Call_statement_that_drops_every_result_is_reported()
    {
        LintTest.CheckTyped(SelfBlockingChannel.Rule, Starter.Replace("CALL", "start(ctx, job) // want \"self-blocking-channel\""));
    }

    [Fact]
    public void Call_whose_returned_channel_is_kept_is_not_reported()
    {
        LintTest.CheckTyped(SelfBlockingChannel.Rule, Starter.Replace("CALL", "done, _ := start(ctx, job)\n\tgo func() { <-done }()"));
    }

    [Fact]
    public void Dropped_channel_of_a_sender_that_also_waits_on_its_context_is_not_reported()
    {
        LintTest.CheckTyped(SelfBlockingChannel.Rule, Starter.Replace("CALL", "start(ctx, job)")
            .Replace("done <- job()", "select {\n\t\tcase done <- job():\n\t\tcase <-ctx.Done():\n\t\t}"));
    }

    [Fact]
    public void Dropped_channel_with_a_buffer_for_the_send_is_not_reported()
    {
        LintTest.CheckTyped(SelfBlockingChannel.Rule, Starter.Replace("CALL", "start(ctx, job)").Replace("make(chan error)", "make(chan error, 1)"));
    }

    [Fact]
    public void Dropped_channel_the_function_also_hands_to_another_receiver_is_not_reported()
    {
        LintTest.CheckTyped(SelfBlockingChannel.Rule, Starter.Replace("CALL", "start(ctx, job)").Replace("\treturn done, nil", "\tgo drain(done)\n\treturn done, nil")
            + "\nfunc drain(c chan error) { <-c }\n");
    }
}
