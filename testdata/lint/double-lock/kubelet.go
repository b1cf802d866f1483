package doublelock

import (
	"sync"
	"time"
)

// kubelet-style status manager: Sync holds the write lock and asks isStale, which takes the read lock of the
// same RWMutex (Tu et al. list this shape, a callee re-locking the caller's mutex, as the commonest double lock).
type podStatus struct {
	updated time.Time
	phase   string
}

type statusManager struct {
	lock     sync.RWMutex
	statuses map[string]podStatus
}

func (m *statusManager) isStale(pod string) bool {
	m.lock.RLock()
	defer m.lock.RUnlock()
	return time.Since(m.statuses[pod].updated) > time.Minute
}

func (m *statusManager) Sync(pod, phase string) {
	m.lock.Lock()
	defer m.lock.Unlock()
	if m.isStale(pod) { // want "double-lock"
		m.statuses[pod] = podStatus{updated: time.Now(), phase: phase}
	}
}
