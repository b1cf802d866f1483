package doublesend

// grpc-style dial: a failed handshake reports and falls through to the success report.
type conn struct{}

func dial(addr string, handshake func(string) (*conn, error)) (*conn, error) {
	type outcome struct {
		c   *conn
		err error
	}
	out := make(chan outcome)
	go func() {
		c, err := handshake(addr)
		if err != nil {
			out <- outcome{err: err}
		}
		out <- outcome{c: c} // want "double-send"
	}()
	o := <-out
	return o.c, o.err
}
