package chanopunderlock

import (
	"sync"
	"time"
)

// docker-style event log: Publish sends on the unbuffered pub channel while holding e.mu, and the goroutine that
// receives (run) takes e.mu after each message to store it. Once run is in its locked section, Publish holds the
// lock run needs to come back to its receive (Tu et al. describe this lock-and-channel shape as the commonest
// message-passing deadlock in Docker).
type Message struct {
	Action string
	Time   time.Time
}

type Events struct {
	mu     sync.Mutex
	events []Message
	pub    chan Message
}

func NewEvents() *Events {
	e := &Events{pub: make(chan Message)}
	go e.run()
	return e
}

func (e *Events) run() {
	for {
		m := <-e.pub
		e.mu.Lock()
		e.events = append(e.events, m)
		e.mu.Unlock()
	}
}

func (e *Events) Publish(action string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.events) > 1000 {
		e.events = e.events[1:]
	}
	e.pub <- Message{Action: action, Time: time.Now()} // want "chan-op-under-lock"
}
