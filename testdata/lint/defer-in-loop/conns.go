package deferinloop

import "net"

func dialAll(addrs chan string) {
	for addr := range addrs {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			return
		}
		defer conn.Close() // want "defer-in-loop"
	}
}

// Bounded: a slice of three endpoints piles up three defers at most.
func dialFew(addrs []string) {
	for _, addr := range addrs {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			return
		}
		defer conn.Close()
	}
}
