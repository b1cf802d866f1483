package wgmismatch

import "sync"

// etcd-style fan-out: Add(2) was kept when the second fetch was removed. One goroutine calls Done once,
// and Wait blocks forever.
func fetch(key string, out *string, wg *sync.WaitGroup) {
	defer wg.Done()
	*out = key
}

func fetchBoth(key string) string {
	var wg sync.WaitGroup
	var local string
	wg.Add(2)
	go fetch(key, &local, &wg)
	wg.Wait() // want "waitgroup-mismatch"
	return local
}

// Done deferred and called again on the error path: the counter goes negative and the program panics.
func fetchChecked(keys []string, check func(string) error) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			if err := check(k); err != nil {
				wg.Done() // want "waitgroup-mismatch"
				return
			}
		}(k)
	}
	wg.Wait()
}

// The correct shapes: Add(2) for two goroutines; Done through a helper given the group; a closure bound to a variable.
func fetchPair(a, b string) (string, string) {
	var wg sync.WaitGroup
	var x, y string
	wg.Add(2)
	go fetch(a, &x, &wg)
	go fetch(b, &y, &wg)
	wg.Wait()
	return x, y
}

func fetchAll(keys []string) []string {
	out := make([]string, len(keys))
	var wg sync.WaitGroup
	work := func(i int) {
		defer wg.Done()
		out[i] = keys[i]
	}
	for i := range keys {
		wg.Add(1)
		go work(i)
	}
	wg.Wait()
	return out
}
