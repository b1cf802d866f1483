package wgmismatch

import "sync"

// CockroachDB-style stopper (the "Add with no Done" WaitGroup bugs of Tu et al., ASPLOS 2019): runTask counts each
// task in a helper and hands it to the task loop, which never marks one finished, so drain blocks forever.
type stopper struct {
	tasks    sync.WaitGroup
	work     chan func()
	stopping chan struct{}
}

func (s *stopper) runTask(f func()) bool {
	select {
	case <-s.stopping:
		return false
	default:
	}
	s.tasks.Add(1)
	s.work <- f
	return true
}

func (s *stopper) loop() {
	for f := range s.work {
		f()
	}
}

func (s *stopper) drain() {
	close(s.stopping)
	close(s.work)
	s.tasks.Wait() // want "waitgroup-mismatch"
}
