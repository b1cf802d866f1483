package ticker

import "time"

// A helper that makes the ticker hides time.NewTicker from a syntactic check; the poller never stops it.
func every(d time.Duration) *time.Ticker {
	return time.NewTicker(d)
}

func poll(done <-chan struct{}, check func()) {
	t := every(time.Second) // want "ticker-not-stopped"
	for {
		select {
		case <-t.C:
			check()
		case <-done:
			return
		}
	}
}

// Not reported: stopped on the way out.
func pollAndStop(done <-chan struct{}, check func()) {
	t := every(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			check()
		case <-done:
			return
		}
	}
}
