package nsenders

// The "first answer wins" resolver of Tu et al.'s etcd/CockroachDB blocking bugs, through a field: one method
// goroutine per server sends on r.answers, and Resolve takes one answer and returns.
type resolver struct {
	answers chan string
}

func (r *resolver) ask(server, name string, query func(string, string) string) {
	r.answers <- query(server, name) // want "n-senders-one-receive"
}

func (r *resolver) Resolve(name string, servers []string, query func(string, string) string) string {
	r.answers = make(chan string)
	for _, s := range servers {
		go r.ask(s, name, query)
	}
	return <-r.answers
}

// Not reported: one receive per goroutine started.
type patientResolver struct {
	answers chan string
}

func (r *patientResolver) ask(server string) { r.answers <- server }

func (r *patientResolver) Resolve(servers []string) []string {
	r.answers = make(chan string)
	for _, s := range servers {
		go r.ask(s)
	}
	var all []string
	for range servers {
		all = append(all, <-r.answers)
	}
	return all
}
