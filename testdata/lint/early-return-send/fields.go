package earlyreturn

import (
	"context"
	"net"
	"time"
)

// The Kubernetes/etcd "prober" shape (Tu et al. 2019, blocking bugs on a struct's channel): the check runs as a
// method goroutine that reports on a field, and Probe gives up on the context first.
type prober struct {
	result chan error
}

func (p *prober) check(addr string) {
	conn, err := net.DialTimeout("tcp", addr, time.Minute)
	if err == nil {
		conn.Close()
	}
	p.result <- err // want "early-return-send"
}

func (p *prober) Probe(ctx context.Context, addr string) error {
	p.result = make(chan error)
	go p.check(addr)
	select {
	case err := <-p.result:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The same through a literal: the session's reply channel is received once, after a return that can come first.
type session struct {
	reply chan []byte
}

func newSession() *session { return &session{reply: make(chan []byte)} }

func (s *session) roundTrip(ask func() []byte, closed bool) []byte {
	go func() {
		s.reply <- ask() // want "early-return-send"
	}()
	if closed {
		return nil
	}
	return <-s.reply
}

// Not reported: the field's channel has room for the one answer.
type bufferedProber struct {
	result chan error
}

func (p *bufferedProber) check() { p.result <- nil }

func (p *bufferedProber) Probe(ctx context.Context) error {
	p.result = make(chan error, 1)
	go p.check()
	select {
	case err := <-p.result:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Not reported: the sender gives up with the caller.
type politeProber struct {
	result chan error
}

func (p *politeProber) check(ctx context.Context) {
	select {
	case p.result <- nil:
	case <-ctx.Done():
	}
}

func (p *politeProber) Probe(ctx context.Context) error {
	p.result = make(chan error)
	go p.check(ctx)
	select {
	case err := <-p.result:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Not reported: another method drains the field too, so the one receive in Probe is not the whole story.
type drainedProber struct {
	result chan error
}

func (p *drainedProber) check() { p.result <- nil }

func (p *drainedProber) Probe(ctx context.Context) error {
	p.result = make(chan error)
	go p.check()
	select {
	case err := <-p.result:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *drainedProber) Drain() { <-p.result }
