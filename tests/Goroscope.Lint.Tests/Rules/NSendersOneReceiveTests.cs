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
}
