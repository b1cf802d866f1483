package wgmismatch

import "sync"

// Docker/etcd-style worker pool (the split-counting WaitGroup bugs of Tu et al., ASPLOS 2019): Start counts each
// worker through a track() helper, but the flush worker added later never calls Done, so Close blocks forever.
type pool struct {
	wg      sync.WaitGroup
	jobs    chan func()
	flushes chan struct{}
}

func (p *pool) track() { p.wg.Add(1) }

func (p *pool) worker() {
	defer p.wg.Done()
	for job := range p.jobs {
		job()
	}
}

func (p *pool) flusher() {
	for range p.flushes {
	}
}

func (p *pool) Start() {
	p.track()
	go p.worker()
	p.track()
	go p.flusher()
}

func (p *pool) Close() {
	close(p.jobs)
	close(p.flushes)
	p.wg.Wait() // want "waitgroup-mismatch"
}
