package stoppedreceiver

import "context"

// Written for this corpus (Go 1.22 syntax), in the style of the worker-pool bugs GCatch (ASPLOS'21) reports: the
// workers leave their loop when the pool's context is cancelled, but Submit hands each job over with a plain send.
// A Submit after the cancel (or one racing with it) finds no worker and blocks forever.
type pool struct {
	jobs chan func()
}

func newPool(ctx context.Context, workers int) *pool {
	p := &pool{jobs: make(chan func())}
	for i := 0; i < workers; i++ {
		go p.work(ctx)
	}
	return p
}

func (p *pool) work(ctx context.Context) {
loop:
	for {
		select {
		case job := <-p.jobs:
			job()
		case <-ctx.Done():
			break loop
		}
	}
}

func (p *pool) Submit(job func()) {
	p.jobs <- job // want "stopped-receiver"
}
