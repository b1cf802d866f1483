package timetick

import "time"

// time.Tick in the select makes a new ticker on every pass; the previous one is dropped, still firing.
func pump(msgs <-chan string, handle func(string), idle func()) {
	for {
		select {
		case m := <-msgs:
			handle(m)
		case <-time.Tick(time.Minute): // want "time-tick"
			idle()
		}
	}
}
