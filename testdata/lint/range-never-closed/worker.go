package rangeclosed

// A named worker over the channel its starter made and never closes.
func runBatch(items []string, handle func(string)) {
	tasks := make(chan string)
	go drain(tasks, handle)
	for _, it := range items {
		tasks <- it
	}
}

func drain(in <-chan string, handle func(string)) {
	for it := range in { // want "range-never-closed"
		handle(it)
	}
}

// Closed by a deferred close in the sender: not reported.
func runClosed(items []string, handle func(string)) {
	tasks := make(chan string)
	go drain2(tasks, handle)
	defer close(tasks)
	for _, it := range items {
		tasks <- it
	}
}

func drain2(in <-chan string, handle func(string)) {
	for it := range in {
		handle(it)
	}
}
