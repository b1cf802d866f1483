using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class DoubleSendTests
{
    [Fact]
    public void Error_path_that_falls_through_to_a_second_send_is_reported()
    {
        LintTest.Check(DoubleSend.Rule, """
            package a

            func fetch() error {
            	ch := make(chan error)
            	go func() {
            		res, err := load()
            		if err != nil {
            			ch <- err
            		}
            		ch <- check(res) // want "double-send"
            	}()
            	return <-ch
            }

            func load() (int, error) { return 0, nil }
            func check(int) error { return nil }
            """);
    }

    [Fact]
    public void Returning_after_the_first_send_and_if_else_sends_are_not_reported()
    {
        LintTest.Check(DoubleSend.Rule, """
            package a

            func returns() error {
            	ch := make(chan error)
            	go func() {
            		res, err := load()
            		if err != nil {
            			ch <- err
            			return
            		}
            		ch <- check(res)
            	}()
            	return <-ch
            }

            func branches() error {
            	ch := make(chan error)
            	go func() {
            		res, err := load()
            		if err != nil {
            			ch <- err
            		} else {
            			ch <- check(res)
            		}
            	}()
            	return <-ch
            }

            func twoReceives() (error, error) {
            	ch := make(chan error)
            	go func() {
            		ch <- nil
            		ch <- nil
            	}()
            	for i := 0; i < 2; i++ {
            		<-ch
            	}
            	return nil, nil
            }

            func load() (int, error) { return 0, nil }
            func check(int) error { return nil }
            """);
    }

    [Fact]
    public void Second_send_on_the_field_of_the_instance_the_starter_receives_from_is_reported()
    {
        LintTest.CheckTyped(DoubleSend.Rule, """
            package p

            import "errors"

            type puller struct{ done chan error }

            func newPuller() *puller { return &puller{done: make(chan error)} }

            func (p *puller) pull(ref string) {
            	if ref == "" {
            		p.done <- errors.New("empty reference")
            	}
            	p.done <- nil // want "double-send"
            }

            func pull(ref string) error {
            	a := newPuller()
            	b := newPuller()
            	go a.pull(ref)
            	_ = b
            	return <-a.done
            }
            """);
    }

    [Fact]
    public void Sends_on_one_instances_field_are_not_paired_with_a_receive_from_another_instance()
    {
        LintTest.CheckTyped(DoubleSend.Rule, """
            package p

            import "errors"

            type puller struct{ done chan error }

            func newPuller() *puller { return &puller{done: make(chan error)} }

            func (p *puller) pull(ref string) {
            	if ref == "" {
            		p.done <- errors.New("empty reference")
            	}
            	p.done <- nil
            }

            func pull(ref string) error {
            	a := newPuller()
            	b := newPuller()
            	go a.pull(ref)
            	_ = b
            	return <-b.done
            }
            """);
    }
}
