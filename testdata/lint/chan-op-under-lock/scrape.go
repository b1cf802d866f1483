package chanopunderlock

import "sync"

// prometheus-style scrape loop, through the rounds of a loop: each round takes l.mu to store the sample and keeps it
// until the next round has handed the stored sample to the appender, so from the second round on the send on the
// unbuffered samples channel runs with l.mu held. The appender takes l.mu for each sample it receives.
type scrapeLoop struct {
	mu      sync.Mutex
	last    float64
	total   float64
	samples chan float64
}

func newScrapeLoop(scrape func() float64) *scrapeLoop {
	l := &scrapeLoop{samples: make(chan float64)}
	go l.appender()
	go l.run(scrape)
	return l
}

func (l *scrapeLoop) appender() {
	for {
		v := <-l.samples
		l.mu.Lock()
		l.total += v
		l.mu.Unlock()
	}
}

func (l *scrapeLoop) run(scrape func() float64) {
	for first := true; ; first = false {
		if !first {
			l.samples <- l.last // want "chan-op-under-lock"
			l.mu.Unlock()
		}
		v := scrape()
		l.mu.Lock()
		l.last = v
	}
}
