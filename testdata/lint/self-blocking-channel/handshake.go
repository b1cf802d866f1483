package selfblocking

import (
	"bufio"
	"net"
)

// Written for this corpus (Go 1.22 syntax), in the style of the message-passing bugs of Tu et al. (ASPLOS'19): a
// client's handshake waits for the server's greeting on `lines` before it starts the reader goroutine that fills it
// (a refactoring moved the `go` below the wait). Nothing else holds `lines` yet: the dial hangs forever.
func dialAndGreet(addr string) (net.Conn, string, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, "", err
	}
	lines := make(chan string, 16)
	greeting := <-lines // want "self-blocking-channel"
	go readLines(conn, lines)
	return conn, greeting, nil
}

func readLines(conn net.Conn, out chan<- string) {
	scanner := bufio.NewScanner(conn)
	for scanner.Scan() {
		out <- scanner.Text()
	}
	close(out)
}
