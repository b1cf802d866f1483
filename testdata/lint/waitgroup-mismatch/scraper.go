package wgmismatch

import (
	"errors"
	"sync"
)

// Prometheus/Kubernetes-style manager: each scrape loop is counted, but the Done moved into finish(), which
// the loop reaches only when the first scrape works. A failed target leaves the counter above zero and Stop
// blocks forever.
type target struct{ url string }

type manager struct {
	wg      sync.WaitGroup
	targets []target
	results chan string
}

func (m *manager) scrape(t target) (string, error) {
	if t.url == "" {
		return "", errors.New("no url")
	}
	return t.url, nil
}

func (m *manager) finish(body string) {
	m.results <- body
	m.wg.Done()
}

func (m *manager) loop(t target) {
	body, err := m.scrape(t)
	if err != nil {
		return
	}
	m.finish(body)
}

func (m *manager) Start() {
	for _, t := range m.targets {
		m.wg.Add(1)
		go m.loop(t)
	}
}

func (m *manager) Stop() {
	m.wg.Wait() // want "waitgroup-mismatch"
}

// gRPC-style balancer: the watcher goroutine was counted, but only the resolver goroutine calls Done.
type balancer struct {
	wg      sync.WaitGroup
	updates chan []string
	addrs   []string
}

func (b *balancer) resolve() {
	defer b.wg.Done()
	b.updates <- []string{"10.0.0.1"}
	close(b.updates)
}

func (b *balancer) watch() {
	for addrs := range b.updates {
		b.addrs = addrs
	}
}

func (b *balancer) Run() {
	b.wg.Add(1)
	go b.resolve()
	b.wg.Add(1)
	go b.watch()
	b.wg.Wait() // want "waitgroup-mismatch"
}
