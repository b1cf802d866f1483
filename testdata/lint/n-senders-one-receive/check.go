package nsenders

type result struct {
	ok  bool
	err error
}

func anyHealthy(nodes []string, ping func(string) bool) bool {
	results := make(chan result)
	for _, n := range nodes {
		go func(node string) {
			results <- result{ok: ping(node)} // want "n-senders-one-receive"
		}(n)
	}
	r := <-results
	return r.ok
}

// Room for every sender, or one receive per sender: not reported.
func allHealthy(nodes []string, ping func(string) bool) bool {
	results := make(chan bool, len(nodes))
	for _, n := range nodes {
		go func() { results <- ping(n) }()
	}
	return <-results
}

func countHealthy(nodes []string, ping func(string) bool) int {
	results := make(chan bool)
	for _, n := range nodes {
		go func() { results <- ping(n) }()
	}
	healthy := 0
	for range nodes {
		if <-results {
			healthy++
		}
	}
	return healthy
}
