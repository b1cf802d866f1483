package chanopunderlock

import "sync"

// kubernetes-style pod workers: UpdatePod hands an update to the pod's worker while holding podLock; the worker
// loop waits for the next update in a helper (nextUpdate) and then syncs the pod through syncPod, which takes
// podLock to record the result. The lock is reached through a callee, the receive through another.
type podUpdate struct{ uid, phase string }

type podWorkers struct {
	podLock  sync.Mutex
	statuses map[string]string
	updates  chan podUpdate
}

func newPodWorkers() *podWorkers {
	p := &podWorkers{statuses: map[string]string{}, updates: make(chan podUpdate)}
	go p.managePodLoop()
	return p
}

func (p *podWorkers) nextUpdate() podUpdate {
	return <-p.updates
}

func (p *podWorkers) syncPod(u podUpdate) {
	p.podLock.Lock()
	defer p.podLock.Unlock()
	p.statuses[u.uid] = u.phase
}

func (p *podWorkers) managePodLoop() {
	for {
		u := p.nextUpdate()
		p.syncPod(u)
	}
}

func (p *podWorkers) UpdatePod(uid, phase string) {
	p.podLock.Lock()
	defer p.podLock.Unlock()
	if p.statuses[uid] == phase {
		return
	}
	p.updates <- podUpdate{uid, phase} // want "chan-op-under-lock"
}
