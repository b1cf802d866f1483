package sendsexceedbuffer

import "context"

// etcd/cockroach-style quorum read: three replicas are asked at once and the first answer wins. The results channel
// was given a buffer of one "so the loser does not block", but there are two losers: one fills the buffer, the other
// blocks on its send forever, once per read.
func quorumRead(ask func(replica int) (string, error)) (string, error) {
	type answer struct {
		value string
		err   error
	}
	answers := make(chan answer, 1)
	for replica := 0; replica < 3; replica++ {
		go func() {
			v, err := ask(replica)
			answers <- answer{v, err} // want "sends-exceed-buffer"
		}()
	}
	a := <-answers
	return a.value, a.err
}

// istio-style config push: the validator and the writer both report on errc, buffered for one. When the caller's
// context ends first the function returns without reading, and the second report blocks for good.
func push(ctx context.Context, validate, write func() error) error {
	errc := make(chan error, 1)
	go func() { errc <- validate() }()
	go func() { errc <- write() }() // want "sends-exceed-buffer"
	select {
	case err := <-errc:
		if err != nil {
			return err
		}
		return <-errc
	case <-ctx.Done():
		return ctx.Err()
	}
}
