package ticker

import "time"

// A ticker kept in a field that nothing in the package stops: once run returns, the ticker fires for good.
type syncer struct {
	tick *time.Ticker
	quit chan struct{}
}

func (s *syncer) run(sync func()) {
	s.tick = time.NewTicker(time.Minute) // want "ticker-not-stopped"
	for {
		select {
		case <-s.tick.C:
			sync()
		case <-s.quit:
			return
		}
	}
}

// The same with Close stopping it: not reported.
type flusher struct {
	tick *time.Ticker
	quit chan struct{}
}

func (f *flusher) run(flush func()) {
	f.tick = time.NewTicker(time.Minute)
	for {
		select {
		case <-f.tick.C:
			flush()
		case <-f.quit:
			return
		}
	}
}

func (f *flusher) Close() {
	f.tick.Stop()
	close(f.quit)
}
