package earlyreturn

import (
	"context"
	"time"
)

// The LeakProf "timeout" shape: the caller gives up and the worker's send has no receiver.
func lookup(ctx context.Context, key string, slow func(string) string) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- slow(key) // want "early-return-send"
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(100 * time.Millisecond):
		return "", context.DeadlineExceeded
	}
}
