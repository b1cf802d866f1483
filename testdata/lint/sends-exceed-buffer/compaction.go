package sendsexceedbuffer

// A compaction queue whose Start queues an initial run before it starts the worker that drains the queue. A caller
// that also asks for a run right after making the queue fills the buffer of one before the worker exists: Start's
// send then blocks, and the worker is never started.
type compactionQueue struct {
	runs chan struct{}
}

func newCompactionQueue() *compactionQueue {
	return &compactionQueue{runs: make(chan struct{}, 1)}
}

func (q *compactionQueue) Start(compact func()) {
	q.runs <- struct{}{} // want "sends-exceed-buffer"
	go func() {
		for {
			<-q.runs
			compact()
		}
	}()
}

func openStore(compact func()) *compactionQueue {
	q := newCompactionQueue()
	q.runs <- struct{}{} // compact once the store is open
	q.Start(compact)
	return q
}
