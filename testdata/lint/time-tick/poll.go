package timetick

import "time"

// Called per subscription: one unstoppable ticker per call before Go 1.23.
func subscribe(push func()) {
	go func() {
		for range time.Tick(time.Second) { // want "time-tick"
			push()
		}
	}()
}
