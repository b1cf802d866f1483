package go123

import "time"

// Go 1.23+: only a ticker a never-ending loop keeps reading is reported.
func gossip(send func()) {
	t := time.NewTicker(time.Second) // want "ticker-not-stopped"
	for range t.C {
		send()
	}
}

func bounded(done chan struct{}) {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-t.C:
		case <-done:
			return
		}
	}
}
