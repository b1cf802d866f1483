package orphanchannel

// etcd-style shard drain, the other direction: each shard's flusher sends on its own flushed channel when it is done,
// but waitShards waits on the replica's channel too, whose flusher it never started (the `go replica.flush()` was
// lost in an edit). The receive on replica.flushed has nothing that sends on or closes it; the primary's send does
// not answer it, each shard has its own channel.
type shard struct {
	pending []int
	flushed chan struct{}
}

func newShard() *shard {
	return &shard{flushed: make(chan struct{})}
}

func (s *shard) flush() {
	s.pending = nil
	s.flushed <- struct{}{}
}

func waitShards() {
	primary := newShard()
	replica := newShard()
	go primary.flush()
	<-primary.flushed
	<-replica.flushed // want "orphan-channel"
}
