package main

import "time"

var heartbeat = time.Tick(time.Minute)

// In main, init and package variables the ticker lives as long as the program anyway: not reported.
func main() {
	for range time.Tick(time.Second) {
		report()
	}
}

func init() {
	_ = time.Tick(time.Hour)
}

// An ordinary function of package main is not main.
func report() {
	_ = time.Tick(time.Second) // want "time-tick"
}
