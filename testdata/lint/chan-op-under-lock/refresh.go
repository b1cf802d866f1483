package chanopunderlock

import "sync"

// etcd-style lease refresh with a mutex and a channel local to one function: the refresher goroutine sends its
// result while holding mu, and the function receives it while holding mu too. Whichever locks first blocks on the
// channel with the lock held, and the other never gets the lock to reach its side.
func refreshLeases(ids []int64, renew func(int64) error) []error {
	var mu sync.Mutex
	var failed []error
	errc := make(chan error)
	go func() {
		for _, id := range ids {
			mu.Lock()
			errc <- renew(id) // want "chan-op-under-lock"
			mu.Unlock()
		}
	}()
	for range ids {
		mu.Lock()
		if err := <-errc; err != nil { // want "chan-op-under-lock"
			failed = append(failed, err)
		}
		mu.Unlock()
	}
	return failed
}
