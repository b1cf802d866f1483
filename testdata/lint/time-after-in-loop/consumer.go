package timeafter

import "time"

// The seed's shape: a busy consumer allocates a minute-long timer per message.
func consume(msgs chan []byte, handle func([]byte)) {
	for {
		select {
		case m := <-msgs:
			handle(m)
		case <-time.After(time.Minute): // want "time-after-in-loop"
			return
		}
	}
}
