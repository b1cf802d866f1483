package main

// select {} in main keeps a server process up on purpose: not reported. A goroutine doing the same is.
func main() {
	go func() {
		select {} // want "select-forever"
	}()
	go serve()
	select {}
}

func serve() {}
