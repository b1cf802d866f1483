package orphanchannel

// etcd-style applier: committed entries are handed to an apply loop over an unbuffered channel, but the loop was
// never started in this version: the first commit blocks the raft goroutine forever.
type entry struct {
	index uint64
	data  []byte
}

type raftNode struct {
	applyc chan entry
}

func newRaftNode() *raftNode {
	return &raftNode{applyc: make(chan entry)}
}

func (r *raftNode) commit(entries []entry) {
	for _, e := range entries {
		r.applyc <- e // want "orphan-channel"
	}
}
