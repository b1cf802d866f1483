package nsenders

import "context"

// cockroach-style hedged request: the first success returns, the slower sends leak.
func hedged(ctx context.Context, addrs []string, send func(string) error) error {
	errs := make(chan error)
	for i := 0; i < len(addrs); i++ {
		addr := addrs[i]
		go func() {
			err := send(addr)
			errs <- err // want "n-senders-one-receive"
		}()
	}
	select {
	case err := <-errs:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
