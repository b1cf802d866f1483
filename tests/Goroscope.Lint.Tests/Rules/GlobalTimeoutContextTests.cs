using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class GlobalTimeoutContextTests
{
    [Fact]
    public void Package_level_timeout_context_is_reported()
    {
        LintTest.Check(GlobalTimeoutContext.Rule, """
            package a

            import ("context"; "time")

            var ctx, cancel = context.WithTimeout(context.Background(), 3*time.Second) // want "global-timeout-context"

            var (
            	deadline, stop = context.WithDeadline(context.Background(), time.Now()) // want "global-timeout-context"
            )
            """);
    }

    [Fact]
    public void Local_timeout_and_package_level_background_are_not_reported()
    {
        LintTest.Check(GlobalTimeoutContext.Rule, """
            package a

            import ("context"; "time")

            var root = context.Background()
            var rootCtx, rootCancel = context.WithCancel(context.Background())

            func f() {
            	ctx, cancel := context.WithTimeout(root, time.Second)
            	defer cancel()
            	_ = ctx
            }
            """);
    }
}
