package orphanchannel

// docker-style attach of two streams, each a value of its own: syncMirrors makes a mirror for stdout and one for
// stderr and starts both copiers, but waits only on the stdout mirror's done channel (the second wait was lost in a
// refactoring). The stderr copier's send on its own unbuffered done has no receiver and blocks forever. A receive on
// `out.done` does not answer a send on `errs.done`: each mirror has its own channel.
type mirror struct {
	name string
	done chan error
}

func newMirror(name string) *mirror {
	return &mirror{name: name, done: make(chan error)}
}

func (m *mirror) copy(read func(string) error) {
	m.done <- read(m.name) // want "orphan-channel"
}

func syncMirrors(read func(string) error) error {
	out := newMirror("stdout")
	errs := newMirror("stderr")
	go out.copy(read)
	go errs.copy(read)
	return <-out.done
}
