package wgdone

import "sync"

func start(wg *sync.WaitGroup, tasks []int) {
	wg.Add(1)
	go worker(wg, tasks)
}

func worker(wg *sync.WaitGroup, tasks []int) {
	for _, t := range tasks {
		if t < 0 {
			return
		}
	}
	wg.Done() // want "waitgroup-done-not-deferred"
}

// Done on every return: not reported.
func everyPath(wg *sync.WaitGroup, fail bool) {
	wg.Add(1)
	go func() {
		if fail {
			wg.Done()
			return
		}
		wg.Done()
	}()
	wg.Wait()
}
