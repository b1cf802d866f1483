using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class NSendersOneReceiveTests
{
    [Fact]
    public void First_answer_wins_over_an_unbuffered_channel_is_reported()
    {
        LintTest.Check(NSendersOneReceive.Rule, """
            package a

            func first(servers []string) string {
            	ch := make(chan string)
            	for _, s := range servers {
            		go func() {
            			ch <- query(s) // want "n-senders-one-receive"
            		}()
            	}
            	return <-ch
            }

            func fireAndForget(servers []string) {
            	ch := make(chan string)
            	for _, s := range servers {
            		go func() { ch <- query(s) }() // want "n-senders-one-receive"
            	}
            }

            func query(s string) string { return s }
            """);
    }

    [Fact]
    public void Buffered_channel_and_a_receive_per_sender_are_not_reported()
    {
        LintTest.Check(NSendersOneReceive.Rule, """
            package a

            func buffered(servers []string) string {
            	ch := make(chan string, len(servers))
            	for _, s := range servers {
            		go func() { ch <- query(s) }()
            	}
            	return <-ch
            }

            func all(servers []string) []string {
            	ch := make(chan string)
            	for _, s := range servers {
            		go func() { ch <- query(s) }()
            	}
            	var out []string
            	for range servers {
            		out = append(out, <-ch)
            	}
            	return out
            }

            func pingPong(n int) {
            	ball := make(chan int)
            	for i := 0; i < n; i++ {
            		go func() {
            			for {
            				v := <-ball
            				ball <- v + 1
            			}
            		}()
            	}
            }

            func nested(n int) {
            	done := make(chan bool)
            	for p := 0; p < n/2; p++ {
            		go func() {
            			for q := 0; q < 2; q++ {
            				go func() { done <- true }()
            			}
            		}()
            	}
            	for p := 0; p < n; p++ {
            		<-done
            	}
            }

            func query(s string) string { return s }
            """);
    }

    [Fact]
    public void Senders_on_the_field_of_the_instance_received_from_once_are_reported()
    {
        LintTest.CheckTyped(NSendersOneReceive.Rule, """
            package p

            type prober struct{ results chan string }

            func newProber() *prober { return &prober{results: make(chan string)} }

            func firstAnswer(hosts []string) string {
            	fast := newProber()
            	slow := newProber()
            	for _, h := range hosts {
            		go func() {
            			fast.results <- h // want "n-senders-one-receive"
            		}()
            	}
            	_ = slow
            	return <-fast.results
            }
            """);
    }

    [Fact]
    public void Senders_on_one_instances_field_are_not_paired_with_the_receive_from_another_instance()
    {
        LintTest.CheckTyped(NSendersOneReceive.Rule, """
            package p

            type prober struct{ results chan string }

            func newProber() *prober { return &prober{results: make(chan string)} }

            func firstAnswer(hosts []string) string {
            	fast := newProber()
            	slow := newProber()
            	for _, h := range hosts {
            		go func() {
            			fast.results <- h
            		}()
            	}
            	_ = slow
            	return <-slow.results
            }
            """);
    }
}
