package wgdone

import "sync"

func processAll(items []string, process func(string) error) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			if err := process(it); err != nil {
				return
			}
			wg.Done() // want "waitgroup-done-not-deferred"
		}()
	}
	wg.Wait()
}
