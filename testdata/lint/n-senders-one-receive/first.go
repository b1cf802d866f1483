package nsenders

// The LeakProf "N-cast" shape: first answer wins, the other replicas block forever.
func firstReply(replicas []string, query func(string) string) string {
	ch := make(chan string)
	for _, r := range replicas {
		go func() {
			ch <- query(r) // want "n-senders-one-receive"
		}()
	}
	return <-ch
}
