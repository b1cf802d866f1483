package earlyreturn

import (
	"context"
	"errors"
	"time"
)

// A health prober: each round makes a channel, starts a probe that reports on it, and waits for the report, the
// prober's tick or the stop. When the tick wins, the round moves on (or the prober stops) and nothing ever receives
// this round's report: the probe blocks on its send, and one goroutine leaks per slow round.
func probeForever(ctx context.Context, tick <-chan time.Time, probe func() error, healthy func(bool)) {
	for {
		report := make(chan error)
		go func() {
			report <- probe() // want "early-return-send"
		}()
		select {
		case err := <-report:
			healthy(err == nil)
		case <-tick:
			healthy(false)
		case <-ctx.Done():
			return
		}
	}
}

// A retrying dialer: each attempt waits for its dial or gives up on the attempt's timeout and breaks out to report
// the failure, leaving the attempt's goroutine blocked on its send.
func dialWithRetries(dial func() (string, error), attempts int) (string, error) {
	var last error = errors.New("no attempt made")
retry:
	for i := 0; i < attempts; i++ {
		type result struct {
			conn string
			err  error
		}
		done := make(chan result)
		go func() {
			conn, err := dial()
			done <- result{conn, err} // want "early-return-send"
		}()
		select {
		case r := <-done:
			if r.err == nil {
				return r.conn, nil
			}
			last = r.err
		case <-time.After(time.Second):
			last = errors.New("dial timed out")
			break retry
		}
	}
	return "", last
}
