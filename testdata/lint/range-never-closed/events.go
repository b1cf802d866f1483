package rangeclosed

var events = make(chan string)

var audits = make(chan string)

// cockroach-style event loop on a package channel that nothing closes.
func startEventLoop(log func(string)) {
	go func() {
		for e := range events { // want "range-never-closed"
			log(e)
		}
	}()
	go func() {
		for a := range audits {
			log(a)
		}
	}()
}

func publish(e string) { events <- e }
