package closeskipped

import "errors"

// etcd-style watch stream: run closes donec when it ends and reports a connection error on errc; waitDone waits for
// either. When the first connect fails run returns before both, so waitDone waits forever.
type watchStream struct {
	donec   chan struct{}
	errc    chan error
	connect func() error
	recv    func() error
}

func newWatchStream(connect, recv func() error) *watchStream {
	w := &watchStream{donec: make(chan struct{}), errc: make(chan error, 1), connect: connect, recv: recv}
	go w.run()
	return w
}

func (w *watchStream) run() {
	if err := w.connect(); err != nil {
		return // want "close-skipped"
	}
	for {
		if err := w.recv(); err != nil {
			if !errors.Is(err, errRetry) {
				w.errc <- err
				break
			}
		}
	}
	close(w.donec)
}

var errRetry = errors.New("retry")

func (w *watchStream) waitDone() error {
	select {
	case <-w.donec:
		return nil
	case err := <-w.errc:
		return err
	}
}
