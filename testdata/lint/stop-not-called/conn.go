package stopnotcalled

import (
	"errors"
	"time"
)

// The gRPC ClientConn shape (a dial that times out after it started the connection's monitor; grpc-go's DialContext
// leaks fixed with `defer func() { if err != nil { cc.Close() } }()`): the timeout return drops the connection, and
// its monitor goroutine waits on `quit`, which only Close closes.
type conn struct {
	quit  chan struct{}
	state chan string
	ready chan struct{}
}

func (c *conn) monitor() {
	for {
		select {
		case <-c.quit:
			return
		case s := <-c.state:
			_ = s
		}
	}
}

func (c *conn) Close() { close(c.quit) }

func dial(timeout time.Duration) (*conn, error) {
	c := &conn{quit: make(chan struct{}), state: make(chan string), ready: make(chan struct{})}
	go c.monitor() // want "stop-not-called"
	select {
	case <-c.ready:
	case <-time.After(timeout):
		return nil, errors.New("dial timed out")
	}
	return c, nil
}
