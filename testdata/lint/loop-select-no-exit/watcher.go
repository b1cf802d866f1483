package loopselect

import "time"

// The seed's §2.3 shape: a watcher started per client loops forever with no way out.
type watcher struct {
	events  chan string
	refresh *time.Ticker
}

func (w *watcher) start(handle func(string)) {
	go func() {
		for { // want "loop-select-no-exit"
			select {
			case e := <-w.events:
				handle(e)
			case <-w.refresh.C:
			}
		}
	}()
}
