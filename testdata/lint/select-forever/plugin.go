package selectforever

// A plugin's serve helper parks its goroutine for good.
func servePlugin(register func()) {
	go func() {
		register()
		select {} // want "select-forever"
	}()
}
