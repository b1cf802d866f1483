package condwait

import "sync"

// Kubernetes-style work queue: Get checks once with `if` instead of looping. With two consumers, a Broadcast
// (ShutDown) or a Signal taken by the other consumer wakes this one to an empty queue, and q.items[0] panics
// or, when Add's Signal came before Wait, Get blocks forever (Tu et al. list Cond misuse among the blocking
// bugs of Kubernetes and Docker).
type workQueue struct {
	cond     *sync.Cond
	items    []string
	shutdown bool
}

func newWorkQueue() *workQueue {
	return &workQueue{cond: sync.NewCond(&sync.Mutex{})}
}

func (q *workQueue) Add(item string) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	q.items = append(q.items, item)
	q.cond.Signal()
}

func (q *workQueue) Get() (string, bool) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	if len(q.items) == 0 && !q.shutdown {
		q.cond.Wait() // want "cond-wait"
	}
	if len(q.items) == 0 {
		return "", false
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item, true
}

func (q *workQueue) ShutDown() {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	q.shutdown = true
	q.cond.Broadcast()
}

// The correct shape: the condition re-checked in a loop around Wait.
func (q *workQueue) GetLooping() (string, bool) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for len(q.items) == 0 && !q.shutdown {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return "", false
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item, true
}
