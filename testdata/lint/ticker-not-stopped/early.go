package ticker

import (
	"errors"
	"time"
)

// The ticker is stopped by the defer, but the error return before it leaves the ticker running for good.
func heartbeat(connect func() error, beat func(), done <-chan struct{}) error {
	t := time.NewTicker(time.Second) // want "ticker-not-stopped"
	if err := connect(); err != nil {
		return errors.Join(errors.New("heartbeat"), err)
	}
	defer t.Stop()
	for {
		select {
		case <-t.C:
			beat()
		case <-done:
			return nil
		}
	}
}

// Stopped on the one way out of the loop: not reported.
func flushLoop(flush func(), done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-t.C:
			flush()
		case <-done:
			t.Stop()
			return
		}
	}
}
