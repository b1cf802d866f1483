package chanopunderlock

import "sync"

// kubernetes-style priority pop: Pop waits for the next item in a select with a single case while it holds q.lock;
// the filler must take q.lock to read the queue length before it can send. A one-case select waits exactly like the
// bare receive.
type popQueue struct {
	lock  sync.Mutex
	items []int
	next  chan int
}

func newPopQueue() *popQueue {
	q := &popQueue{next: make(chan int)}
	go q.fill()
	return q
}

func (q *popQueue) fill() {
	for {
		q.lock.Lock()
		n := len(q.items)
		q.lock.Unlock()
		q.next <- n
	}
}

func (q *popQueue) Pop() int {
	q.lock.Lock()
	defer q.lock.Unlock()
	select {
	case v := <-q.next: // want "chan-op-under-lock"
		return v
	}
}
