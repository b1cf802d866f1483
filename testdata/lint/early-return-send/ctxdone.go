package earlyreturn

import "context"

// etcd-style request: the client's context is cancelled, the apply result is never read.
type applier struct{ apply func() error }

func (a *applier) do(ctx context.Context) error {
	done := make(chan error)
	go func() {
		err := a.apply()
		done <- err // want "early-return-send"
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Buffered result channel: the send always completes. Not reported.
func (a *applier) buffered(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- a.apply() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
