package sendsexceedbuffer

// A row buffer whose consumer was never written: the channel field is buffered for 8 rows and only ever sent on.
// Loading a table pushes one row per pass on the same buffer, so the ninth row blocks the loader for good.
type rowBuffer struct {
	rows chan []byte
}

func newRowBuffer() *rowBuffer {
	return &rowBuffer{rows: make(chan []byte, 8)}
}

func (b *rowBuffer) push(row []byte) {
	b.rows <- row // want "sends-exceed-buffer"
}

func loadTable(table [][]byte) {
	b := newRowBuffer()
	for _, row := range table {
		b.push(row)
	}
}

// A retry notifier buffered for one retry, which a loop of retries fills: the second failure blocks the retrier.
type retrier struct {
	retried chan error
}

func newRetrier() *retrier { return &retrier{retried: make(chan error, 1)} }

func (r *retrier) run(try func() error) {
	for {
		err := try()
		if err == nil {
			return
		}
		r.retried <- err // want "sends-exceed-buffer"
	}
}
