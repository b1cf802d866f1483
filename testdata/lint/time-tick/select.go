package timetick

import "time"

func pollUntil(done chan struct{}, check func() bool) {
	tick := time.Tick(100 * time.Millisecond) // want "time-tick"
	for {
		select {
		case <-tick:
			if check() {
				return
			}
		case <-done:
			return
		}
	}
}
