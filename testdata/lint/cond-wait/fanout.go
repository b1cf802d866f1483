package condwait

import "sync"

// Written for this corpus (Go 1.22 syntax), in the style of the Cond bugs of Tu et al. (ASPLOS'19): a download
// manager starts a fixed set of fetchers that wait on a Cond for work or for the manager to shut down. Shutdown sets
// the one-way flag and calls Signal, which wakes a single fetcher; it sees the flag and returns, and every other
// fetcher sleeps in Wait for good, so Shutdown's WaitGroup never finishes.
type manager struct {
	mu       sync.Mutex
	wake     *sync.Cond
	pending  []string
	stopping bool
	running  sync.WaitGroup
}

func startManager(fetchers int, fetch func(string)) *manager {
	m := &manager{}
	m.wake = sync.NewCond(&m.mu)
	for i := 0; i < fetchers; i++ {
		m.running.Add(1)
		go m.fetcher(fetch)
	}
	return m
}

func (m *manager) enqueue(url string) {
	m.mu.Lock()
	m.pending = append(m.pending, url)
	m.wake.Signal()
	m.mu.Unlock()
}

func (m *manager) Shutdown() {
	m.mu.Lock()
	m.stopping = true
	m.wake.Signal() // want "cond-wait"
	m.mu.Unlock()
	m.running.Wait()
}

func (m *manager) fetcher(fetch func(string)) {
	defer m.running.Done()
	for {
		m.mu.Lock()
		for len(m.pending) == 0 && !m.stopping {
			m.wake.Wait()
		}
		if m.stopping {
			m.mu.Unlock()
			return
		}
		url := m.pending[0]
		m.pending = m.pending[1:]
		m.mu.Unlock()
		fetch(url)
	}
}
