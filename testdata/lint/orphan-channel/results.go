package orphanchannel

import "sync"

// grpc-style resolver fan-out: the workers send on results, but the collector ranges over out, a channel left over
// from a refactoring that nothing sends on or closes. The collector waits forever (and the workers with it).
func resolveAll(names []string, lookup func(string) string) []string {
	results := make(chan string, len(names))
	out := make(chan string)
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			results <- lookup(name) // sized for every sender: never blocks
		}(n)
	}
	var addrs []string
	for a := range out { // want "orphan-channel"
		addrs = append(addrs, a)
	}
	wg.Wait()
	return addrs
}
