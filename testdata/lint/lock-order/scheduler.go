package lockorder

import "sync"

// etcd-style scheduler: Schedule holds the queue lock and, when it is done, runs the deferred notify, which
// takes the watchers' lock; Cancel holds the watchers' lock and takes the queue lock to drop the job. Two
// goroutines, one in each, wait for each other forever.
type scheduler struct {
	queueMu   sync.Mutex
	watcherMu sync.Mutex
	queue     []string
	watchers  map[string]chan struct{}
}

func (s *scheduler) notify(job string) {
	s.watcherMu.Lock()
	if w, ok := s.watchers[job]; ok {
		close(w)
		delete(s.watchers, job)
	}
	s.watcherMu.Unlock()
}

func (s *scheduler) Schedule(job string) {
	s.queueMu.Lock()
	defer s.queueMu.Unlock()
	defer s.notify(job)
	s.queue = append(s.queue, job)
}

func (s *scheduler) Cancel(job string) {
	s.watcherMu.Lock()
	defer s.watcherMu.Unlock()
	delete(s.watchers, job)
	s.queueMu.Lock() // want "lock-order"
	for i, q := range s.queue {
		if q == job {
			s.queue = append(s.queue[:i], s.queue[i+1:]...)
			break
		}
	}
	s.queueMu.Unlock()
}
