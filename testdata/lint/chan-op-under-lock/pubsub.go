package chanopunderlock

import "sync"

// moby-style pub/sub, through a closure bound to a variable: Publish builds its `send` helper as a closure and calls it
// for each subscriber while holding p.mu. The subscriber goroutine takes p.mu after each message to count it, so it
// cannot come back to its receive while Publish, holding p.mu, waits in `send` on the unbuffered channel.
type publisher struct {
	mu       sync.Mutex
	messages chan string
	received int
}

func newPublisher() *publisher {
	p := &publisher{messages: make(chan string)}
	go p.subscriber()
	return p
}

func (p *publisher) subscriber() {
	for {
		<-p.messages
		p.mu.Lock()
		p.received++
		p.mu.Unlock()
	}
}

func (p *publisher) Publish(topics []string) {
	send := func(topic string) {
		p.messages <- topic // want "chan-op-under-lock"
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, t := range topics {
		send(t)
	}
}
