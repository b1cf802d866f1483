package ticker

import "time"

// A per-request reporter: the ticker outlives the request before Go 1.23.
func report(done chan struct{}, flush func()) {
	t := time.NewTicker(10 * time.Second) // want "ticker-not-stopped"
	for {
		select {
		case <-t.C:
			flush()
		case <-done:
			return
		}
	}
}
