package wgmismatch

import "sync"

// A fan-out whose workers wait for the whole batch before reporting (the self-waiting WaitGroup shape of the Go
// bug studies): each worker is counted and defers its Done, so its Wait counts itself and never returns.
func fanOut(items []string, handle func(string) error) chan error {
	errs := make(chan error, len(items))
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Add(1)
		go func(item string) {
			defer wg.Done()
			if err := handle(item); err != nil {
				errs <- err
			}
			wg.Wait() // want "waitgroup-mismatch"
			close(errs)
		}(item)
	}
	return errs
}
