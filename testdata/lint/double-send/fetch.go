package doublesend

// The LeakProf "double send" shape: the error path sends and carries on.
func fetch(load func() ([]byte, error)) error {
	errc := make(chan error)
	go func() {
		data, err := load()
		if err != nil {
			errc <- err
		}
		errc <- validate(data) // want "double-send"
	}()
	return <-errc
}

func validate([]byte) error { return nil }
