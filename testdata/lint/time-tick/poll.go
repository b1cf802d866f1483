package timetick

import "time"

// etcd rafttest-style: a goroutine per start that exits on stop; its ticker keeps firing after it returns.
func start(stop <-chan struct{}, tick func()) {
	go func() {
		ticks := time.Tick(time.Second) // want "time-tick"
		for {
			select {
			case <-ticks:
				tick()
			case <-stop:
				return
			}
		}
	}()
}

// A goroutine that loops forever keeps using its one ticker for the life of the program: not reported.
func subscribe(push func()) {
	go func() {
		for range time.Tick(time.Second) {
			push()
		}
	}()
}
