package stoppedreceiver

import (
	"io"
	"time"
)

// Written for this corpus (Go 1.22 syntax), in the style of the logging bugs of Tu et al. (ASPLOS'19): a log shipper
// batches lines in its loop, flushing on a ticker, and returns when Close closes `closing`. Its writer sends each line
// with a plain send, so a log call after Close (a request still finishing) blocks forever, and with it the
// goroutine that logged.
type shipper struct {
	lines   chan string
	closing chan struct{}
	out     io.Writer
}

func startShipper(out io.Writer) *shipper {
	s := &shipper{lines: make(chan string), closing: make(chan struct{}), out: out}
	go s.ship()
	return s
}

func (s *shipper) ship() {
	var batch []byte
	flush := time.NewTicker(time.Second)
	defer flush.Stop()
	for {
		select {
		case line := <-s.lines:
			batch = append(batch, line...)
		case <-flush.C:
			s.out.Write(batch)
			batch = batch[:0]
		case <-s.closing:
			s.out.Write(batch)
			return
		}
	}
}

func (s *shipper) Log(line string) {
	s.lines <- line + "\n" // want "stopped-receiver"
}

func (s *shipper) Close() { close(s.closing) }
