package lostcancel

import (
	"context"
	"time"
)

type replica struct{ submit func(context.Context) }

// cockroach-style proposal: the result case returns before the cancel at the bottom.
func (r *replica) propose(parent context.Context, results chan error) error {
	ctx, cancel := context.WithTimeout(parent, time.Second) // want "lost-cancel"
	r.submit(ctx)
	select {
	case err := <-results:
		return err
	case <-ctx.Done():
	}
	cancel()
	return ctx.Err()
}

// Handed to the caller, deferred in a closure, or passed on: not reported.
func handedOn(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	return ctx, cancel
}

func inClosure(parent context.Context, run func(context.Context)) {
	ctx, cancel := context.WithCancel(parent)
	defer func() { cancel() }()
	run(ctx)
}

func passed(parent context.Context, register func(func())) context.Context {
	ctx, cancel := context.WithCancel(parent)
	register(cancel)
	return ctx
}
