package lostcancel

import (
	"context"
	"time"
)

// The Kubernetes/etcd "watcher" shape: the constructor keeps the cancel func in a field, and Close forgets to call it,
// so every watcher ever made stays registered with the parent context.
type watcher struct {
	ctx    context.Context
	cancel context.CancelFunc
	events chan string
}

func newWatcher(parent context.Context) *watcher {
	ctx, cancel := context.WithCancel(parent) // want "lost-cancel"
	return &watcher{ctx: ctx, cancel: cancel, events: make(chan string, 1)}
}

func (w *watcher) Close() { w.events = nil }

type poller struct {
	ctx  context.Context
	stop context.CancelFunc
}

func (p *poller) start(parent context.Context) {
	p.ctx, p.stop = context.WithTimeout(parent, time.Minute) // want "lost-cancel"
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
