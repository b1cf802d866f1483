package selectforever

// A library "Run" that never returns: its caller can never stop it or its goroutines.
type agent struct{ start func() }

func (a *agent) Run() {
	a.start()
	select {} // want "select-forever"
}

// A deliberate halt on a fatal path: not reported.
func dieQuietly(fatal bool) {
	if fatal {
		select {}
	}
}
