package lockorder

import "sync"

// cockroach-style store and replica: the store's heartbeat holds the store's coalescing lock and takes its leader
// replica's raft lock, while the replica's tick holds its raft lock and reaches the store's coalescing lock through
// its back pointer. Two types, each lock named from the other's owner; the two goroutines deadlock.
type store struct {
	coalescedMu sync.Mutex
	leader      *replica
	queued      []int
}

type replica struct {
	raftMu sync.Mutex
	store  *store
	id     int
}

func (s *store) sendQueuedHeartbeats() {
	s.coalescedMu.Lock()
	defer s.coalescedMu.Unlock()
	s.leader.raftMu.Lock()
	s.leader.raftMu.Unlock()
	s.queued = nil
}

func (r *replica) tick() {
	r.raftMu.Lock()
	defer r.raftMu.Unlock()
	s := r.store
	s.coalescedMu.Lock() // want "lock-order"
	s.queued = append(s.queued, r.id)
	s.coalescedMu.Unlock()
}

// docker-style swarm node runner: stopping the node holds the runner's lock and sends a cluster event, which
// read-locks the cluster; listing secrets read-locks the cluster and asks the runner for its state, which
// read-locks the runner. With a writer queued on the cluster's lock, stop, list and writer wait in a circle.
type cluster struct {
	mu sync.RWMutex
	nr *nodeRunner
}

type nodeRunner struct {
	mu      sync.RWMutex
	cluster *cluster
	state   string
}

func (c *cluster) sendEvent() {
	c.mu.RLock()
	defer c.mu.RUnlock()
}

func (n *nodeRunner) currentState() string {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.state
}

func (c *cluster) secrets() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.nr.currentState()
}

func (n *nodeRunner) stop() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.cluster.sendEvent() // want "lock-order"
}
