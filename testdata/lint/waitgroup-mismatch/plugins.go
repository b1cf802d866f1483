package wgmismatch

import "sync"

// Docker-style plugin restore: one Add for every plugin before the loop, but Wait inside it. The first
// iteration waits for len(plugins) Done calls while only one goroutine has started: it blocks forever
// (the shape of the WaitGroup bug Tu et al. report in Docker's plugin manager).
type plugin struct{ name string }

func restore(p *plugin) error { return nil }

func restoreAll(plugins []*plugin) {
	var group sync.WaitGroup
	group.Add(len(plugins))
	for _, p := range plugins {
		go func(p *plugin) {
			defer group.Done()
			_ = restore(p)
		}(p)
		group.Wait() // want "waitgroup-mismatch"
	}
}

// Add in the loop, Wait in the loop: one at a time, slow but it ends.
func restoreOneByOne(plugins []*plugin) {
	var group sync.WaitGroup
	for _, p := range plugins {
		group.Add(1)
		go func(p *plugin) {
			defer group.Done()
			_ = restore(p)
		}(p)
		group.Wait()
	}
}

// The correct shape: Add for all, start all, Wait after the loop.
func restoreParallel(plugins []*plugin) {
	var group sync.WaitGroup
	group.Add(len(plugins))
	for _, p := range plugins {
		go func(p *plugin) {
			defer group.Done()
			_ = restore(p)
		}(p)
	}
	group.Wait()
}
