package timeafter

import "time"

func waitReady(ready chan bool) {
	for !isShuttingDown() {
		select {
		case <-ready:
			return
		case <-time.After(5 * time.Second): // want "time-after-in-loop"
		}
	}
}

// Bounded: three attempts, three timers.
func retry(ready chan bool) {
	for i := 0; i < 3; i++ {
		select {
		case <-ready:
			return
		case <-time.After(time.Second):
		}
	}
}

func isShuttingDown() bool { return false }
