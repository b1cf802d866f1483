package selfblocking

// Written for this corpus (Go 1.22 syntax), in the style of the shutdown bugs GCatch (ASPLOS'21) reports: a folder's
// pull loop marks its end with `defer close(f.pullStopped)`, and its shutdown path, meant to make sure the loop is
// gone before it returns, waits on that same channel. Only the deferred close would end the wait, and it runs only
// after the wait: the loop's goroutine blocks forever on stop.
type folder struct {
	stop        chan struct{}
	requests    chan string
	pullStopped chan struct{}
}

func newFolder() *folder {
	return &folder{stop: make(chan struct{}), requests: make(chan string), pullStopped: make(chan struct{})}
}

func (f *folder) serve(pull func(string)) {
	defer close(f.pullStopped)
	for {
		select {
		case name := <-f.requests:
			pull(name)
		case <-f.stop:
			<-f.pullStopped // want "self-blocking-channel"
			return
		}
	}
}

func (f *folder) start(pull func(string)) {
	go f.serve(pull)
}

func (f *folder) request(name string) {
	select {
	case f.requests <- name:
	case <-f.stop:
	}
}

func (f *folder) shutdown() { close(f.stop) }
