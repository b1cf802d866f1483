package wgadd

import "sync"

// grpc-style server: the stream handler counts itself, so Stop's Wait can miss it.
type server struct {
	wg sync.WaitGroup
}

func (s *server) handleStream(serve func()) {
	go func() {
		s.wg.Add(1) // want "waitgroup-add-in-goroutine"
		defer s.wg.Done()
		serve()
	}()
}

func (s *server) Stop() { s.wg.Wait() }
