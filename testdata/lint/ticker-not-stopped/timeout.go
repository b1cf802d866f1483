package ticker

import "time"

// kubernetes-style wait: a one-shot timer left running when the result wins is freed once it fires: not reported.
func waitFor(result chan error) error {
	timer := time.NewTimer(time.Minute)
	select {
	case err := <-result:
		return err
	case <-timer.C:
		return nil
	}
}

// A consumer's idle timeout made anew for every message: each message leaves a one-minute timer running, and before
// Go 1.23 they pile up until each fires.
func consume(msgs <-chan string, handle func(string)) {
	for {
		idle := time.NewTimer(time.Minute) // want "ticker-not-stopped"
		select {
		case m := <-msgs:
			handle(m)
		case <-idle.C:
			return
		}
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
