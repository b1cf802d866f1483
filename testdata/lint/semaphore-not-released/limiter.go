package semaphorenotreleased

import "errors"

// kubernetes/serving-style request limiter: a buffered channel caps the requests in flight. The early rejection
// of a bad request was added after the acquire and returns without giving the slot back; after `cap` bad requests
// every request blocks in the acquire.
type limiter struct {
	inFlight chan struct{}
}

func newLimiter(max int) *limiter { return &limiter{inFlight: make(chan struct{}, max)} }

func (l *limiter) serve(req string, handle func(string) error) error {
	l.inFlight <- struct{}{}
	if req == "" {
		return errors.New("empty request") // want "semaphore-not-released"
	}
	err := handle(req)
	<-l.inFlight
	return err
}

// syncthing-style bounded scanner: a loop takes a token per file and skips ignored files with `continue` after the
// acquire, so each ignored file keeps a token for good.
func scan(files []string, ignored func(string) bool, hash func(string)) {
	tokens := make(chan bool, 8)
	for _, f := range files {
		tokens <- true
		if ignored(f) {
			continue // want "semaphore-not-released"
		}
		hash(f)
		<-tokens
	}
}

// cockroach-style single-flight gate: a retry path takes the gate of one again before giving it back and blocks
// on itself.
type compactor struct{ gate chan struct{} }

func newCompactor() *compactor { return &compactor{gate: make(chan struct{}, 1)} }

func (c *compactor) compact(run func() error, retry func(error) bool) error {
	c.gate <- struct{}{}
	err := run()
	if retry(err) {
		c.gate <- struct{}{} // want "semaphore-not-released"
		err = run()
	}
	<-c.gate
	return err
}
