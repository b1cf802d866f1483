package rangeclosed

// The "dispatcher" shape of Tu et al.'s Docker and Kubernetes leaks: the worker started by the constructor ranges over
// a field that Stop forgets to close, so every dispatcher ever made keeps its goroutine.
type task struct{ run func() }

type dispatcher struct {
	jobs chan task
}

func newDispatcher() *dispatcher {
	d := &dispatcher{jobs: make(chan task)}
	go d.loop()
	return d
}

func (d *dispatcher) loop() {
	for t := range d.jobs { // want "range-never-closed"
		t.run()
	}
}

func (d *dispatcher) Submit(t task) { d.jobs <- t }

func (d *dispatcher) Stop() {}

// Not reported: Stop closes the field.
type closingDispatcher struct {
	jobs chan task
}

func newClosingDispatcher() *closingDispatcher {
	d := &closingDispatcher{jobs: make(chan task)}
	go d.loop()
	return d
}

func (d *closingDispatcher) loop() {
	for t := range d.jobs {
		t.run()
	}
}

func (d *closingDispatcher) Stop() { close(d.jobs) }

// Not reported: the channel comes from the caller, who may close it.
type borrowedDispatcher struct {
	jobs chan task
}

func newBorrowedDispatcher(jobs chan task) *borrowedDispatcher {
	d := &borrowedDispatcher{jobs: jobs}
	go d.loop()
	return d
}

func (d *borrowedDispatcher) loop() {
	for t := range d.jobs {
		t.run()
	}
}
