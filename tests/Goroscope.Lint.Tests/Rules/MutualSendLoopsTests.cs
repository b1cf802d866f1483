using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class MutualSendLoopsTests
{
    [Fact]
    public void Two_loops_each_sending_to_the_other_on_an_event_of_its_own_are_reported_once_with_the_other_loops_send_related()
    {
        var found = LintTest.CheckTyped(MutualSendLoops.Rule, """
            package p

            type pair struct {
            	toB, toA   chan int
            	tickA, inB chan int
            }

            func (p *pair) a() {
            	for {
            		select {
            		case v := <-p.toA:
            			_ = v
            		case t := <-p.tickA:
            			p.toB <- t // want "mutual-send-loops"
            		}
            	}
            }

            func (p *pair) b() {
            	for {
            		select {
            		case v := <-p.toB:
            			_ = v
            		case in := <-p.inB:
            			p.toA <- in
            		}
            	}
            }

            func start() *pair {
            	p := &pair{toB: make(chan int), toA: make(chan int), tickA: make(chan int), inB: make(chan int)}
            	go p.a()
            	go p.b()
            	return p
            }
            """);
        Assert.Equal([25, 22, 11], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void A_reply_sent_in_the_case_that_received_the_request_while_the_sender_waits_for_it_is_not_reported()
    {
        LintTest.CheckTyped(MutualSendLoops.Rule, """
            package p

            type pair struct {
            	requests, replies chan int
            	tick              chan int
            }

            func (p *pair) client() {
            	for {
            		select {
            		case t := <-p.tick:
            			p.requests <- t
            			r := <-p.replies
            			_ = r
            		}
            	}
            }

            func (p *pair) server() {
            	for {
            		select {
            		case q := <-p.requests:
            			p.replies <- q * 2
            		}
            	}
            }

            func start() *pair {
            	p := &pair{requests: make(chan int), replies: make(chan int), tick: make(chan int)}
            	go p.client()
            	go p.server()
            	return p
            }
            """);
    }

    [Fact]
    public void A_reply_the_sender_takes_only_in_its_loops_select_is_reported_as_it_may_send_again_first()
    {
        LintTest.CheckTyped(MutualSendLoops.Rule, """
            package p

            type pair struct {
            	requests, replies chan int
            	tick              chan int
            }

            func (p *pair) client() {
            	for {
            		select {
            		case r := <-p.replies:
            			_ = r
            		case t := <-p.tick:
            			p.requests <- t // want "mutual-send-loops"
            		}
            	}
            }

            func (p *pair) server() {
            	for {
            		q := <-p.requests
            		p.replies <- q * 2
            	}
            }

            func start() *pair {
            	p := &pair{requests: make(chan int), replies: make(chan int), tick: make(chan int)}
            	go p.client()
            	go p.server()
            	return p
            }
            """);
    }

    [Fact]
    public void A_send_in_a_select_that_also_receives_the_other_loops_channel_is_not_reported()
    {
        LintTest.CheckTyped(MutualSendLoops.Rule, """
            package p

            type pair struct {
            	toB, toA   chan int
            	tickA, inB chan int
            }

            func (p *pair) a() {
            	for {
            		select {
            		case v := <-p.toA:
            			_ = v
            		case t := <-p.tickA:
            			select {
            			case p.toB <- t:
            			case v := <-p.toA:
            				_ = v
            			}
            		}
            	}
            }

            func (p *pair) b() {
            	for {
            		select {
            		case v := <-p.toB:
            			_ = v
            		case in := <-p.inB:
            			p.toA <- in
            		}
            	}
            }

            func start() *pair {
            	p := &pair{toB: make(chan int), toA: make(chan int), tickA: make(chan int), inB: make(chan int)}
            	go p.a()
            	go p.b()
            	return p
            }
            """);
    }

    [Fact]
    public void One_direction_with_a_buffer_is_not_reported()
    {
        LintTest.CheckTyped(MutualSendLoops.Rule, """
            package p

            type pair struct {
            	toB, toA   chan int
            	tickA, inB chan int
            }

            func (p *pair) a() {
            	for {
            		select {
            		case v := <-p.toA:
            			_ = v
            		case t := <-p.tickA:
            			p.toB <- t
            		}
            	}
            }

            func (p *pair) b() {
            	for {
            		select {
            		case v := <-p.toB:
            			_ = v
            		case in := <-p.inB:
            			p.toA <- in
            		}
            	}
            }

            func start() *pair {
            	p := &pair{toB: make(chan int, 16), toA: make(chan int), tickA: make(chan int), inB: make(chan int)}
            	go p.a()
            	go p.b()
            	return p
            }
            """);
    }
}
