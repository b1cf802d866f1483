package locknotreleased

import "sync"

// Kubernetes-style event batcher: the flush loop takes the lock for each batch and breaks out when the queue
// is empty with the lock still held (the break was an early `return` once, with a deferred Unlock). The
// next Add blocks forever.
type batcher struct {
	mu      sync.Mutex
	pending []string
}

func (b *batcher) Add(e string) {
	b.mu.Lock()
	b.pending = append(b.pending, e)
	b.mu.Unlock()
}

func (b *batcher) flush(send func([]string) error) error {
	for {
		b.mu.Lock()
		if len(b.pending) == 0 {
			break // want "lock-not-released"
		}
		batch := b.pending
		b.pending = nil
		b.mu.Unlock()
		if err := send(batch); err != nil {
			return err
		}
	}
	return nil
}
