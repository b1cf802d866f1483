package stopnotcalled

import "time"

// The Kubernetes watcher shape (a watch started per call whose Stop the caller never calls; the "missing Stop" leaks
// of Tu et al., ASPLOS 2019): each newWatcher starts run, which leaves only when Stop closes stopCh.
type watcher struct {
	stopCh chan struct{}
	key    string
	polls  int
}

func newWatcher() *watcher {
	w := &watcher{stopCh: make(chan struct{})}
	go w.run()
	return w
}

func (w *watcher) run() {
	poll := time.NewTicker(time.Second)
	defer poll.Stop()
	for {
		select {
		case <-w.stopCh:
			return
		case <-poll.C:
			w.polls++
		}
	}
}

func (w *watcher) Stop() { w.stop() }

func (w *watcher) stop() { close(w.stopCh) }

func watchOnce(key string) {
	w := newWatcher() // want "stop-not-called"
	w.key = key
}

// Not reported: handed on to the caller, who owns the stop.
func watch() *watcher {
	w := newWatcher()
	return w
}

// Not reported: stopped through the method that calls the closing one.
func watchOnceStopped(key string) {
	w := newWatcher()
	defer w.Stop()
	w.key = key
}
