package lockorder

import "sync"

// multiplexer stream in the style of yamux/grpc transports: Read takes the state lock and then the receive
// buffer's lock; the window update it shares with Write takes them the other way round through a helper.
type stream struct {
	stateMu sync.Mutex
	recvMu  sync.Mutex
	state   int
	buf     []byte
}

func (s *stream) flags() int {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	return s.state
}

func (s *stream) Read(p []byte) int {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	s.recvMu.Lock()
	n := copy(p, s.buf)
	s.recvMu.Unlock()
	return n
}

func (s *stream) windowUpdate() int {
	s.recvMu.Lock()
	defer s.recvMu.Unlock()
	return len(s.buf) + s.flags() // want "lock-order"
}
