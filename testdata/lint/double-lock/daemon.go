package doublelock

import (
	"errors"
	"sync"
)

// docker-style daemon: an error path added later locks the container again to record the failure, while
// the lock taken at the top of the function is still held.
type container struct {
	sync.Mutex
	running  bool
	exitCode int
}

type daemon struct {
	containers map[string]*container
}

func (c *container) setStopped(code int) {
	c.Lock()
	c.running = false
	c.exitCode = code
	c.Unlock()
}

func (d *daemon) Start(id string, start func() error) error {
	c := d.containers[id]
	c.Lock()
	defer c.Unlock()
	if c.running {
		return errors.New("already running")
	}
	if err := start(); err != nil {
		c.setStopped(128) // want "double-lock"
		return err
	}
	c.running = true
	return nil
}

func (d *daemon) Restart(id string) {
	c := d.containers[id]
	c.Lock()
	if !c.running {
		c.Lock() // want "double-lock"
	}
	c.running = true
	c.Unlock()
}
