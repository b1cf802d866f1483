using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class ChanOpUnderLockTests
{
    // The shape every test varies: Send holds s.mu and sends on s.ch; loop receives and then locks s.mu.
    private const string Header = """
        package p

        import (
        	"context"
        	"sync"
        )

        var _ = context.Background

        type S struct {
        	mu    sync.Mutex
        	ch    chan int
        	items []int
        }

        """;

    [Fact]
    public void Send_under_the_lock_the_receiving_loop_takes_each_round_is_reported_with_both_locks_related()
    {
        var found = LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int)}
            	go s.loop()
            	return s
            }

            func (s *S) loop() {
            	for v := range s.ch {
            		s.mu.Lock()
            		s.items = append(s.items, v)
            		s.mu.Unlock()
            	}
            }

            func (s *S) Send(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.ch <- v // want "chan-op-under-lock"
            }
            """);
        Assert.Equal([30, 23, 22], Assert.Single(found).Related.Select(r => r.Start.Line));
    }

    [Fact]
    public void Receive_under_a_lock_the_sender_holds_while_sending_is_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func (s *S) produce() {
            	s.mu.Lock()
            	s.items = nil
            	s.ch <- 1 // want "chan-op-under-lock"
            	s.mu.Unlock()
            }

            func (s *S) Take() int {
            	s.ch = make(chan int)
            	go s.produce()
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	return <-s.ch // want "chan-op-under-lock"
            }
            """);
    }

    [Fact]
    public void Buffered_channel_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int, 1)}
            	go s.loop()
            	return s
            }

            func (s *S) loop() {
            	for v := range s.ch {
            		s.mu.Lock()
            		s.items = append(s.items, v)
            		s.mu.Unlock()
            	}
            }

            func (s *S) Send(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.ch <- v
            }
            """);
    }

    [Fact]
    public void Receiver_that_never_takes_the_lock_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int)}
            	go s.loop()
            	return s
            }

            func (s *S) loop() {
            	for v := range s.ch {
            		println(v)
            	}
            }

            func (s *S) Send(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.ch <- v
            }
            """);
    }

    [Fact]
    public void Send_in_a_select_with_ctx_Done_or_default_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int)}
            	go s.loop()
            	return s
            }

            func (s *S) loop() {
            	for v := range s.ch {
            		s.mu.Lock()
            		s.items = append(s.items, v)
            		s.mu.Unlock()
            	}
            }

            func (s *S) Send(ctx context.Context, v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	select {
            	case s.ch <- v:
            	case <-ctx.Done():
            	}
            	select {
            	case s.ch <- v:
            	default:
            	}
            }
            """);
    }

    [Fact]
    public void Channel_handed_out_of_the_package_is_not_reported()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func (s *S) C() chan int { return s.ch }

            func (s *S) loop() {
            	for v := range s.ch {
            		s.mu.Lock()
            		s.items = append(s.items, v)
            		s.mu.Unlock()
            	}
            }

            func (s *S) Send(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.ch <- v
            }
            """);
    }

    [Fact]
    public void One_receiver_that_needs_no_lock_is_enough_to_stay_silent()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            func newS() *S {
            	s := &S{ch: make(chan int)}
            	go s.loop()
            	go s.drain()
            	return s
            }

            func (s *S) loop() {
            	for v := range s.ch {
            		s.mu.Lock()
            		s.items = append(s.items, v)
            		s.mu.Unlock()
            	}
            }

            func (s *S) drain() {
            	for range s.ch {
            	}
            }

            func (s *S) Send(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.ch <- v
            }
            """);
    }

    [Fact]
    public void Lock_of_another_type_with_the_same_field_name_is_a_different_lock()
    {
        LintTest.CheckTyped(ChanOpUnderLock.Rule, Header + """
            type T struct {
            	mu sync.Mutex
            	n  int
            }

            func newS(t *T) *S {
            	s := &S{ch: make(chan int)}
            	go s.loop(t)
            	return s
            }

            func (s *S) loop(t *T) {
            	for v := range s.ch {
            		t.mu.Lock()
            		t.n += v
            		t.mu.Unlock()
            	}
            }

            func (s *S) Send(v int) {
            	s.mu.Lock()
            	defer s.mu.Unlock()
            	s.ch <- v
            }
            """);
    }
}
