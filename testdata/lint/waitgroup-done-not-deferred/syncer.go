package wgdone

import "sync"

// kubernetes-style informer start: a closed stop channel returns before Done.
type syncer struct {
	wg   sync.WaitGroup
	stop chan struct{}
}

func (s *syncer) start(run func()) {
	s.wg.Add(1)
	go func() {
		select {
		case <-s.stop:
			return
		default:
		}
		run()
		s.wg.Done() // want "waitgroup-done-not-deferred"
	}()
	s.wg.Wait()
}
