package doublesend

func twoPhase(prepare, commit func() error) error {
	ch := make(chan error)
	go func() {
		ch <- prepare()
		ch <- commit() // want "double-send"
	}()
	return <-ch
}

// Returns after the error send, or receives twice: not reported.
func returns(load func() error) error {
	ch := make(chan error)
	go func() {
		if err := load(); err != nil {
			ch <- err
			return
		}
		ch <- nil
	}()
	return <-ch
}

func receivesTwice(prepare, commit func() error) error {
	ch := make(chan error)
	go func() {
		ch <- prepare()
		ch <- commit()
	}()
	for i := 0; i < 2; i++ {
		if err := <-ch; err != nil {
			return err
		}
	}
	return nil
}
