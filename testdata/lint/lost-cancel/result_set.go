package lostcancel

import "context"

// The CockroachDB result-set shape (a cancel kept in a field that no path calls; Tu et al., ASPLOS 2019): the
// context goes to the goroutine that waits for it, the cancel func to a field that is only checked, never called.
type resultSet struct {
	cancel context.CancelFunc
	rows   chan []byte
}

func (rs *resultSet) awaitDone(ctx context.Context) {
	<-ctx.Done()
	close(rs.rows)
}

func query(parent context.Context) *resultSet {
	rs := &resultSet{rows: make(chan []byte)}
	ctx, cancel := context.WithCancel(parent) // want "lost-cancel"
	rs.cancel = cancel
	go rs.awaitDone(ctx)
	return rs
}

func (rs *resultSet) open() bool { return rs.cancel != nil }
