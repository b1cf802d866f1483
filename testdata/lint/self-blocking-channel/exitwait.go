package selfblocking

import "errors"

// Written for this corpus (Go 1.22 syntax), in the style of the container-runtime bugs of Tu et al. (ASPLOS'19): a
// wait helper makes the channel it will return, and on the lookup error path reports the error on it before returning
// it. Nobody can have the channel yet, so the unbuffered send blocks the caller forever; the success path is fine.
type container struct {
	id   string
	exit chan int
}

type store struct{ byID map[string]*container }

var errNoSuchContainer = errors.New("no such container")

func (s *store) waitExit(id string) <-chan error {
	errC := make(chan error)
	c, ok := s.byID[id]
	if !ok {
		errC <- errNoSuchContainer // want "self-blocking-channel"
		return errC
	}
	go func() {
		<-c.exit
		errC <- nil
	}()
	return errC
}
