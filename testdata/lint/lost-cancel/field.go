package lostcancel

import (
	"context"
	"time"
)

// The Kubernetes/etcd "watcher" shape: the constructor keeps the context and its cancel func in fields, the watch
// goroutine waits on the context, and Close forgets to call the cancel func: every watcher's goroutine lives on.
type watcher struct {
	ctx    context.Context
	cancel context.CancelFunc
	events chan string
}

func newWatcher(parent context.Context) *watcher {
	ctx, cancel := context.WithCancel(parent) // want "lost-cancel"
	w := &watcher{ctx: ctx, cancel: cancel, events: make(chan string, 1)}
	go w.run()
	return w
}

func (w *watcher) run() {
	<-w.ctx.Done()
	close(w.events)
}

func (w *watcher) Close() {}

type poller struct {
	ctx  context.Context
	stop context.CancelFunc
}

func (p *poller) start(parent context.Context, tick func()) {
	p.ctx, p.stop = context.WithTimeout(parent, time.Minute) // want "lost-cancel"
	go func() {
		for p.ctx.Err() == nil {
			tick()
		}
	}()
}

// Not reported: the field is called elsewhere in the package.
type session struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func newSession(parent context.Context) *session {
	ctx, cancel := context.WithCancel(parent)
	s := &session{ctx: ctx}
	s.cancel = cancel
	return s
}

func (s *session) Close() { s.cancel() }

type job struct {
	cancel context.CancelFunc
}

func (j *job) run(parent context.Context) context.Context {
	var ctx context.Context
	ctx, j.cancel = context.WithCancel(parent)
	return ctx
}

func (j *job) stop() {
	if j.cancel != nil {
		j.cancel()
	}
}

// Not reported: the context does not outlive the function (only the request made with it does), as in net/http's
// newTestRoundTrip; a lost cancel there costs a registration at most, go vet's lostcancel territory.
type attempt struct {
	cancel context.CancelFunc
}

func try(parent context.Context, do func(context.Context) error) error {
	ctx, cancel := context.WithCancel(parent)
	a := &attempt{cancel: cancel}
	_ = a
	return do(ctx)
}
