package loopselect

// kubernetes-style forwarder started with go: its quit case only logs.
type forwarder struct {
	in   chan []byte
	quit chan struct{}
	out  func([]byte)
	log  func(string)
}

func (f *forwarder) Start() { go f.run() }

func (f *forwarder) run() {
	for { // want "loop-select-no-exit"
		select {
		case b := <-f.in:
			f.out(b)
		case <-f.quit:
			f.log("quit requested")
		}
	}
}
