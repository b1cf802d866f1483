package mutualsendloops

import "context"

// Written for this corpus (Go 1.22 syntax), in the style of the watch-stream bugs the GCatch paper (ASPLOS'21)
// reports: the dispatcher pushes each event to the watcher's loop with a plain send, and the watcher's loop, when its
// client cancels, asks the dispatcher to drop it with a plain send too. An event and a cancel at the same time leave
// both loops waiting for each other.
type event struct{ key string }

type watchHub struct {
	events  chan event
	cancels chan struct{}
	unwatch chan struct{}
	publish chan event
}

func (h *watchHub) watch(ctx context.Context) {
	for {
		select {
		case e := <-h.events:
			_ = e.key
		case <-h.cancels:
			h.unwatch <- struct{}{} // want "mutual-send-loops" "stopped-receiver"
		case <-ctx.Done():
			return
		}
	}
}

func (h *watchHub) dispatch(ctx context.Context) {
	for {
		select {
		case <-h.unwatch:
		case e := <-h.publish:
			h.events <- e // want "stopped-receiver"
		case <-ctx.Done():
			return
		}
	}
}

func startWatch(ctx context.Context) *watchHub {
	h := &watchHub{events: make(chan event), cancels: make(chan struct{}), unwatch: make(chan struct{}), publish: make(chan event)}
	go h.watch(ctx)
	go h.dispatch(ctx)
	return h
}
