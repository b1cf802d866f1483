package timeafter

import "time"

// Every ping starts another five-second timer while the previous ones still run.
func watchPings(pings chan bool, onPing, onSilence func()) {
	for !isShuttingDown() {
		select {
		case <-pings:
			onPing()
		case <-time.After(5 * time.Second): // want "time-after-in-loop"
			onSilence()
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

// The other case leaves the loop: each timer has fired before the next one is made.
func waitReady(ready chan bool) {
	for {
		select {
		case <-ready:
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func isShuttingDown() bool { return false }
