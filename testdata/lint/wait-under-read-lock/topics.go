package waitunderreadlock

import "sync"

// A message broker in the style of the Docker pub/sub deadlocks of Tu et al.: a subscriber read-locks the topic
// table and waits on its topic's Cond for the next message; creating a topic write-locks the table. The publisher
// that would wake the subscriber first looks its topic up under the read lock, behind the waiting writer.
type topic struct {
	mu       sync.Mutex
	arrived  *sync.Cond
	messages []string
}

type broker struct {
	tableMu sync.RWMutex
	topics  map[string]*topic
}

func (b *broker) receive(name string) string {
	b.tableMu.RLock()
	defer b.tableMu.RUnlock()
	t := b.topics[name]
	t.mu.Lock()
	defer t.mu.Unlock()
	for len(t.messages) == 0 {
		t.arrived.Wait() // want "wait-under-read-lock"
	}
	return t.messages[0]
}

func (b *broker) publish(name, message string) {
	b.tableMu.RLock()
	t := b.topics[name]
	b.tableMu.RUnlock()
	t.mu.Lock()
	t.messages = append(t.messages, message)
	t.arrived.Broadcast()
	t.mu.Unlock()
}

func (b *broker) create(name string) {
	b.tableMu.Lock()
	defer b.tableMu.Unlock()
	t := &topic{}
	t.arrived = sync.NewCond(&t.mu)
	b.topics[name] = t
}
