package stopnotcalled

import "time"

// Written for this corpus (Go 1.22 syntax), in the style of the "forgotten Stop" bugs of Tu et al. (ASPLOS 2019): a
// health probe's constructor starts its ticking loop, which ends only when Stop closes its quit channel. A readiness
// check that only wants the probe's side effect (the first probe registers the endpoint) calls the constructor as a
// statement and drops the probe: its loop runs for the rest of the process.
type probe struct {
	quit   chan struct{}
	target string
}

func newProbe(target string) *probe {
	p := &probe{quit: make(chan struct{}), target: target}
	go p.loop()
	return p
}

func (p *probe) loop() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-p.quit:
			return
		case <-tick.C:
		}
	}
}

func (p *probe) Stop() { close(p.quit) }

func registerEndpoint(target string) {
	newProbe(target) // want "stop-not-called"
}
