package rangeclosed

// A worker pool whose feeder forgets close(jobs): every worker waits forever when the items run out.
func runPool(n int, items []int, work func(int)) {
	jobs := make(chan int)
	for i := 0; i < n; i++ {
		go func() {
			for j := range jobs { // want "range-never-closed"
				work(j)
			}
		}()
	}
	for _, it := range items {
		jobs <- it
	}
}
