// Package leakytests holds tests that leak goroutines on purpose, for `goroscope test`: each leak must be
// attributed to the test whose goroutine created it (directly or through a helper goroutine), also when the
// leaking test runs in parallel with a clean one, and no leak to the clean tests.
package leakytests

import "time"

// Fetch starts a worker that sends its result on an unbuffered channel; a caller that gives up early leaves it
// blocked forever.
func Fetch(timeout time.Duration) (int, bool) {
	result := make(chan int)
	go func() {
		time.Sleep(10 * time.Millisecond)
		result <- 42
	}()
	select {
	case v := <-result:
		return v, true
	case <-time.After(timeout):
		return 0, false
	}
}

// Subscribe returns a channel fed by a goroutine that waits for events nobody will send.
func Subscribe(events chan string) <-chan string {
	out := make(chan string)
	go func() {
		for e := range events {
			out <- e
		}
		close(out)
	}()
	return out
}
