package closeskipped

import "net"

// grpc-style client transport: the reader goroutine closes readerDone when it ends, and Close waits for it. When
// the server's first frame is not a settings frame the reader returns early without closing: Close hangs.
type clientTransport struct {
	conn       net.Conn
	readerDone chan struct{}
	readFrame  func() (string, error)
}

func newClientTransport(conn net.Conn, read func() (string, error)) *clientTransport {
	t := &clientTransport{conn: conn, readerDone: make(chan struct{}), readFrame: read}
	go t.reader()
	return t
}

func (t *clientTransport) reader() {
	first, err := t.readFrame()
	if err != nil || first != "SETTINGS" {
		t.conn.Close()
		return // want "close-skipped"
	}
	for {
		if _, err := t.readFrame(); err != nil {
			break
		}
	}
	close(t.readerDone)
}

func (t *clientTransport) Close() error {
	err := t.conn.Close()
	<-t.readerDone
	return err
}
