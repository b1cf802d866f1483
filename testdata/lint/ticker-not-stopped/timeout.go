package ticker

import "time"

// kubernetes-style wait: the timer is never stopped when the result wins the race.
func waitFor(result chan error) error {
	timer := time.NewTimer(time.Minute) // want "ticker-not-stopped"
	select {
	case err := <-result:
		return err
	case <-timer.C:
		return nil
	}
}

type poller struct{ t *time.Ticker }

// Stopped through the field: not reported.
func (p *poller) start() {
	t := time.NewTicker(time.Second)
	p.t = t
}

func (p *poller) stop() { p.t.Stop() }

// Stopped in a deferred closure: not reported.
func sample(read func()) {
	t := time.NewTicker(time.Second)
	defer func() {
		t.Stop()
	}()
	for i := 0; i < 3; i++ {
		<-t.C
		read()
	}
}
