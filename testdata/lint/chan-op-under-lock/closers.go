package chanopunderlock

import "sync"

// A config watcher: reload waits for Stop's signal while holding the watcher's mutex, so that no Apply runs between
// the last reload and the stop. Stop takes the same mutex to close done, and blocks on it for good: reload never
// wakes up and holds the mutex forever.
type configWatcher struct {
	mu      sync.Mutex
	done    chan struct{}
	applied int
}

func watchConfig() *configWatcher {
	w := &configWatcher{done: make(chan struct{})}
	go w.reload()
	return w
}

func (w *configWatcher) reload() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.applied++
	<-w.done // want "chan-op-under-lock"
}

func (w *configWatcher) Stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.done)
}

// A log follower: Close holds the mutex while it waits for follow to finish, and follow closes stopped only when it
// returns, after a loop that takes the mutex for each line. Once Close holds the mutex, the next line blocks follow
// at its Lock and stopped is never closed.
type logFollower struct {
	mu      sync.Mutex
	lines   []string
	stopped chan struct{}
}

func followLog(in chan string) *logFollower {
	f := &logFollower{stopped: make(chan struct{})}
	go f.follow(in)
	return f
}

func (f *logFollower) follow(in chan string) {
	defer f.finish()
	for line := range in {
		f.mu.Lock()
		f.lines = append(f.lines, line)
		f.mu.Unlock()
	}
}

func (f *logFollower) finish() { close(f.stopped) }

func (f *logFollower) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	<-f.stopped // want "chan-op-under-lock"
}
