package orphanchannel

import "time"

// kubernetes-style reflector: the resync goroutine signals on resyncCh, which nothing reads since the watch loop
// was rewritten, and run waits on stopCh, which nothing closes: both goroutines of every reflector stay forever.
type reflector struct {
	resyncCh chan struct{}
	stopCh   chan struct{}
	period   time.Duration
}

func newReflector(period time.Duration) *reflector {
	return &reflector{resyncCh: make(chan struct{}), stopCh: make(chan struct{}), period: period}
}

func (r *reflector) resyncLoop() {
	for {
		time.Sleep(r.period)
		r.resyncCh <- struct{}{} // want "orphan-channel"
	}
}

func (r *reflector) run() {
	go r.resyncLoop()
	<-r.stopCh // want "orphan-channel"
}
