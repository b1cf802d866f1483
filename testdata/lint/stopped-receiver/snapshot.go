package stoppedreceiver

// Written for this corpus (Go 1.22 syntax), in the style of the raft and state-machine bugs of Tu et al. (ASPLOS'19):
// an aggregator answers snapshot requests from its run loop, which returns once quit is closed. Snapshot sends its
// request with a plain send: called after Stop, nothing receives any more and the caller blocks forever.
type aggregator struct {
	requests chan chan map[string]int
	quit     chan struct{}
	counts   map[string]int
}

func newAggregator() *aggregator {
	a := &aggregator{requests: make(chan chan map[string]int), quit: make(chan struct{}), counts: map[string]int{}}
	go a.run()
	return a
}

func (a *aggregator) run() {
	for {
		select {
		case reply := <-a.requests:
			reply <- a.counts
		case <-a.quit:
			return
		}
	}
}

func (a *aggregator) Snapshot() map[string]int {
	reply := make(chan map[string]int, 1)
	a.requests <- reply // want "stopped-receiver"
	return <-reply
}

func (a *aggregator) Stop() { close(a.quit) }
