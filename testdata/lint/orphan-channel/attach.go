package orphanchannel

import "io"

// docker-style attach: the copy goroutines report their errors through errCh, handed to a helper that sends on it,
// but the caller returns without ever receiving: each attach leaves a goroutine blocked on the send.
func copyStream(dst io.Writer, src io.Reader, errCh chan error) {
	_, err := io.Copy(dst, src)
	errCh <- err // want "orphan-channel"
}

func attach(stdout io.Writer, stream io.Reader) {
	errCh := make(chan error)
	go copyStream(stdout, stream, errCh)
}
