package chanopunderlock

import "sync"

// grpc/istio-style event dispatcher: the stream registers itself as the Sink of its own events through an exported
// interface, and Dispatch delivers each event while it holds the stream's lock. Deliver sends on the stream's
// unbuffered channel, and the stream's reader takes that lock after each event to count it, so it cannot come back to
// its receive while Dispatch, holding the lock, waits in Deliver. The field's only value is the stream itself, so the
// interface call reaches exactly this Deliver, on this stream.
type Sink interface {
	Deliver(event string)
}

type Stream struct {
	mu        sync.Mutex
	events    chan string
	delivered int
	sink      Sink
}

func NewStream() *Stream {
	s := &Stream{events: make(chan string)}
	s.sink = s
	go s.read()
	return s
}

func (s *Stream) Deliver(event string) {
	s.events <- event // want "chan-op-under-lock"
}

func (s *Stream) read() {
	for {
		<-s.events
		s.mu.Lock()
		s.delivered++
		s.mu.Unlock()
	}
}

func (s *Stream) Dispatch(events []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range events {
		s.sink.Deliver(e)
	}
}
