using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class SelectForeverTests
{
    [Fact]
    public void Empty_select_in_a_goroutine_or_a_function_is_reported()
    {
        LintTest.Check(SelectForever.Rule, """
            package main

            func start() {
            	go func() {
            		select {} // want "select-forever"
            	}()
            }

            func serve() {
            	start()
            	select {} // want "select-forever"
            }

            func main() {
            	go func() {
            		select {} // want "select-forever"
            	}()
            	serve()
            }
            """);
    }

    [Fact]
    public void Empty_select_in_main_and_on_a_fatal_path_is_not_reported()
    {
        LintTest.Check(SelectForever.Rule, """
            package main

            func main() {
            	go serve()
            	select {}
            }

            func die(dying chan struct{}, fatal bool) {
            	if fatal {
            		select {}
            	}
            }

            func serve() {}
            """);
    }

    [Fact]
    public void A_function_called_main_outside_package_main_is_reported()
    {
        LintTest.Check(SelectForever.Rule, """
            package lib

            func main() {
            	select {} // want "select-forever"
            }
            """);
    }
}
