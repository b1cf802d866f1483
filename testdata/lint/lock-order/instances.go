package lockorder

import "sync"

// cockroach-style store and replica: the store's heartbeat loop holds the store's coalescing lock and takes each
// replica's raft lock, while a replica's tick holds its raft lock and reaches the store's coalescing lock through its
// back pointer. Two types, each lock named through different variables; the two goroutines deadlock.
type store struct {
	coalescedMu sync.Mutex
	replicas    map[int]*replica
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
	for _, id := range s.queued {
		r := s.replicas[id]
		r.raftMu.Lock()
		r.raftMu.Unlock()
	}
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

// docker-style device set: activating a device holds the set's lock and then the device's own lock, found in a
// map; removal holds the device's lock and takes the set's lock to delete it.
type deviceInfo struct {
	lock      sync.Mutex
	openCount int
}

type deviceSet struct {
	sync.Mutex
	devices map[string]*deviceInfo
}

func (ds *deviceSet) activate(hash string) {
	ds.Lock()
	defer ds.Unlock()
	info := ds.devices[hash]
	info.lock.Lock()
	info.openCount++
	info.lock.Unlock()
}

func (ds *deviceSet) remove(info *deviceInfo, hash string) {
	info.lock.Lock()
	defer info.lock.Unlock()
	ds.Lock() // want "lock-order"
	delete(ds.devices, hash)
	ds.Unlock()
}
