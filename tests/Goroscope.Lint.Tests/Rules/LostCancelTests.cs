using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class LostCancelTests
{
    private static readonly Analyzer Rule = LostCancel.Rule;

    [Fact]
    public void Discarded_cancel_is_reported()
    {
        LintTest.Check(Rule, """
            package a

            import ("context"; "time")

            func f(parent context.Context) {
            	ctx, _ := context.WithTimeout(parent, time.Second) // want "lost-cancel"
            	use(ctx)
            }

            func use(context.Context) {}
            """);
    }

    [Fact]
    public void Return_before_the_cancel_is_used_is_reported()
    {
        LintTest.Check(Rule, """
            package a

            import "context"

            func f(parent context.Context, fail bool) error {
            	ctx, cancel := context.WithCancel(parent) // want "lost-cancel"
            	if fail {
            		return nil
            	}
            	defer cancel()
            	return use(ctx)
            }

            func use(context.Context) error { return nil }
            """);
    }

    [Fact]
    public void Deferred_passed_returned_or_captured_cancel_is_not_reported()
    {
        LintTest.Check(Rule, """
            package a

            import "context"

            func deferred(parent context.Context) {
            	ctx, cancel := context.WithCancel(parent)
            	defer cancel()
            	use(ctx)
            }

            func passed(parent context.Context) {
            	ctx, cancel := context.WithCancel(parent)
            	register(cancel)
            	use(ctx)
            }

            func returned(parent context.Context) (context.Context, context.CancelFunc) {
            	ctx, cancel := context.WithCancel(parent)
            	return ctx, cancel
            }

            func inDeferredClosure(parent context.Context) {
            	ctx, cancel := context.WithCancel(parent)
            	defer func() { cancel() }()
            	use(ctx)
            }

            func calledBeforeReturn(parent context.Context, fail bool) {
            	ctx, cancel := context.WithCancel(parent)
            	if fail {
            		cancel()
            		return
            	}
            	defer cancel()
            	use(ctx)
            }

            func closureMadeBefore(parent context.Context, slow bool) {
            	cancel := func() {}
            	defer func() { cancel() }()
            	ctx := parent
            	if slow {
            		ctx, cancel = context.WithCancel(parent)
            	}
            	use(ctx)
            }

            func returnUsesIt(parent context.Context) context.CancelFunc {
            	_, cancel := context.WithCancel(parent)
            	return cancel
            }

            func use(context.Context) {}
            func register(func()) {}
            """);
    }

    [Fact]
    public void A_local_type_named_context_is_not_the_context_package()
    {
        LintTest.Check(Rule, """
            package a

            func f() {
            	var context helper
            	_, _ = context.WithCancel(nil)
            }

            type helper struct{}

            func (helper) WithCancel(any) (int, int) { return 0, 0 }
            """);
    }
}
