package wgadd

import "sync"

func fanOut(jobs []func()) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		go func() {
			wg.Add(1) // want "waitgroup-add-in-goroutine"
			defer wg.Done()
			job()
		}()
	}
	wg.Wait()
}
