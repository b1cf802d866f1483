package mutualsendloops

import (
	"context"
	"time"
)

// Written for this corpus (Go 1.22 syntax), in the style of the consensus-node bugs Tu et al. (ASPLOS'19) describe:
// the node's loop hands outgoing messages to the transport with a plain send on each tick, while the transport's
// loop hands incoming messages to the node with a plain send. When a tick and an incoming message come together,
// the node waits for the transport and the transport for the node.
type message struct{ term int }

func runNode(ctx context.Context, recvc <-chan message, sendc chan<- message) {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case m := <-recvc:
			_ = m.term
		case <-tick.C:
			sendc <- message{term: 1} // want "mutual-send-loops" "stopped-receiver"
		case <-ctx.Done():
			return
		}
	}
}

func runTransport(ctx context.Context, sendc <-chan message, incoming <-chan message, recvc chan<- message) {
	for {
		select {
		case m := <-sendc:
			_ = m
		case in := <-incoming:
			recvc <- in // want "stopped-receiver"
		case <-ctx.Done():
			return
		}
	}
}

func startRaft(ctx context.Context, incoming <-chan message) {
	recvc := make(chan message)
	sendc := make(chan message)
	go runNode(ctx, recvc, sendc)
	go runTransport(ctx, sendc, incoming, recvc)
}
