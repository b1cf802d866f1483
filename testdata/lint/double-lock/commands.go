package doublelock

import "sync"

// A command server that dispatches through a table of handler functions (a map of funcs filled by its constructor)
// while it holds its own lock; the reload handler takes that lock again, so the first "reload" command hangs the
// server. The call of a map element reaches every function the package stores in that map.
type commandServer struct {
	mu       sync.Mutex
	config   map[string]string
	handlers map[string]func(s *commandServer, arg string)
}

func newCommandServer() *commandServer {
	s := &commandServer{config: map[string]string{}, handlers: map[string]func(s *commandServer, arg string){}}
	s.handlers["reload"] = reloadConfig
	s.handlers["set"] = reloadConfig
	return s
}

func reloadConfig(s *commandServer, arg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.config = map[string]string{"source": arg}
}

func (s *commandServer) Handle(cmd, arg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if handler, ok := s.handlers[cmd]; ok {
		handler(s, arg) // want "double-lock"
	}
}
