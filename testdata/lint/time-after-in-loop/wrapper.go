package timeafter

import "time"

// The Kubernetes "backoff" shape: the select waits on a wrapper around time.After, so every message that comes
// round first leaves one more pending timer behind (before Go 1.23).
type backoff struct {
	step time.Duration
}

func (b *backoff) wait() <-chan time.Time {
	return time.After(b.step)
}

func (b *backoff) consume(msgs <-chan string, handle func(string)) {
	for {
		select {
		case m := <-msgs:
			handle(m)
		case <-b.wait(): // want "time-after-in-loop"
			b.step *= 2
		}
	}
}

func deadline(d time.Duration) <-chan time.Time {
	if d <= 0 {
		return nil
	}
	return time.NewTimer(d).C
}

func forward(in <-chan []byte, out chan<- []byte) {
	for {
		select {
		case b := <-in:
			out <- b
		case <-deadline(time.Minute): // want "time-after-in-loop"
			return
		}
	}
}

// Not reported: the wrapper hands back one timer made before the loop.
type clock struct {
	t *time.Timer
}

func (c *clock) fired() <-chan time.Time { return c.t.C }

func (c *clock) consume(msgs <-chan string, handle func(string)) {
	for {
		select {
		case m := <-msgs:
			handle(m)
		case <-c.fired():
			return
		}
	}
}
