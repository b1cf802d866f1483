package chanopunderlock

import (
	"errors"
	"sync"
)

// grpc-style transport close: Close holds t.mu while it waits for the reader goroutine to finish, but the reader
// records its final state under t.mu before closing readerDone. If the reader is between its read and its
// bookkeeping when Close takes the lock, each waits for the other.
type frame struct{ data []byte }

type transport struct {
	mu         sync.Mutex
	state      string
	readerDone chan struct{}
	frames     func() (frame, error)
}

func newTransport(read func() (frame, error)) *transport {
	t := &transport{readerDone: make(chan struct{}), frames: read}
	go t.reader()
	return t
}

func (t *transport) reader() {
	for {
		if _, err := t.frames(); err != nil {
			break
		}
	}
	t.mu.Lock()
	t.state = "closed"
	t.mu.Unlock()
	close(t.readerDone)
}

func (t *transport) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.state == "closed" {
		return errors.New("transport already closed")
	}
	<-t.readerDone // want "chan-op-under-lock"
	return nil
}
