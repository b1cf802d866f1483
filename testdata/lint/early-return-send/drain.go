package earlyreturn

import "time"

// A chunked download: each attempt starts a reader that sends every chunk it reads on an unbuffered channel, and
// waits for the first chunk or the attempt's deadline. On the deadline it drains one chunk "so the reader is not
// stuck" and retries, but the reader goes on to send its next chunk, which nobody receives: one reader leaks per
// timed-out attempt.
func firstChunk(read func(int) []byte, chunks int) []byte {
	for attempt := 0; attempt < 3; attempt++ {
		data := make(chan []byte)
		go func() {
			for i := 0; i < chunks; i++ {
				data <- read(i) // want "early-return-send"
			}
		}()
		select {
		case first := <-data:
			return first
		case <-time.After(time.Second):
			<-data
		}
	}
	return nil
}

// The same wait, with a reader that sends exactly one value: the drain on the timeout path takes it, and the reader
// ends. Not a leak.
func oneChunk(read func(int) []byte) []byte {
	for attempt := 0; attempt < 3; attempt++ {
		data := make(chan []byte)
		go func() {
			data <- read(0)
		}()
		select {
		case first := <-data:
			return first
		case <-time.After(time.Second):
			<-data
		}
	}
	return nil
}
