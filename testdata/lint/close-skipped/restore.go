package closeskipped

import "os"

// docker-style daemon restore: a cleanup goroutine waits for restore to finish before removing the temporary
// directory, but the error path returns before close(done): the goroutine (and the directory) stay forever.
type daemon struct {
	tmpDir string
	load   func() error
}

func (d *daemon) restore() error {
	done := make(chan struct{})
	go func() {
		<-done
		os.RemoveAll(d.tmpDir)
	}()
	if err := d.load(); err != nil {
		return err // want "close-skipped"
	}
	close(done)
	return nil
}
