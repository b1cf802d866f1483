package go123

import "time"

// Go 1.23+: an unreferenced ticker is collected whether stopped or not: nothing is reported.
func report(done chan struct{}, flush func()) {
	t := time.NewTicker(10 * time.Second)
	for {
		select {
		case <-t.C:
			flush()
		case <-done:
			return
		}
	}
}

func consume(msgs <-chan string, handle func(string)) {
	for {
		idle := time.NewTimer(time.Minute)
		select {
		case m := <-msgs:
			handle(m)
		case <-idle.C:
			return
		}
	}
}
