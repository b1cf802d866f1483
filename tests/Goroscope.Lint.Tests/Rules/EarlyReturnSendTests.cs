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
}
