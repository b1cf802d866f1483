package lockorder

import "sync"

// etcd/docker-style registry: Unregister holds the package-level registry lock and closes the member, which
// takes the member's lock; the member's own Rename holds its lock and then updates the registry.
var registryMu sync.Mutex

var members = map[string]*member{}

type member struct {
	mu     sync.Mutex
	name   string
	closed bool
}

func (m *member) close() {
	m.mu.Lock()
	m.closed = true
	m.mu.Unlock()
}

func (m *member) Unregister() {
	registryMu.Lock()
	defer registryMu.Unlock()
	delete(members, m.name)
	m.close()
}

func (m *member) Rename(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	registryMu.Lock() // want "lock-order"
	delete(members, m.name)
	members[name] = m
	registryMu.Unlock()
	m.name = name
}
