package wgadd

import "sync"

type crawler struct{ wg sync.WaitGroup }

func (c *crawler) crawl(urls []string) {
	for _, u := range urls {
		go c.fetch(u)
	}
	c.wg.Wait()
}

func (c *crawler) fetch(u string) {
	c.wg.Add(1) // want "waitgroup-add-in-goroutine"
	defer c.wg.Done()
	_ = u
}

// Add before go, and Add for goroutines this one starts: not reported.
func correct(jobs []func()) {
	var wg sync.WaitGroup
	go func() {
		for _, j := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				j()
			}()
		}
	}()
	wg.Wait()
}
