package selfblocking

// Written for this corpus (Go 1.22 syntax), in the style of the container-runtime bugs of Tu et al. (ASPLOS'19): a
// helper starts an asynchronous flush and returns the channel its result arrives on; a caller that does not care
// about the result calls it as a statement. Nobody will ever receive, so every such flush leaves its goroutine
// blocked on the unbuffered send.
type journal struct{ pending [][]byte }

func (j *journal) flushAsync(write func([][]byte) error) chan error {
	batch := j.pending
	j.pending = nil
	result := make(chan error)
	go func() {
		result <- write(batch)
	}()
	return result
}

func (j *journal) append(entry []byte, write func([][]byte) error) {
	j.pending = append(j.pending, entry)
	if len(j.pending) >= 64 {
		j.flushAsync(write) // want "self-blocking-channel"
	}
}

// The caller that waits for the flush receives its result: not a dropped one.
func (j *journal) sync(write func([][]byte) error) error {
	return <-j.flushAsync(write)
}
