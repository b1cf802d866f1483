package doublesend

import "errors"

// The Docker "puller" shape (Tu et al. 2019: an error path that reports and forgets to return): the pull runs as a
// method goroutine and reports twice on a field that Pull receives from once.
type puller struct {
	done chan error
}

func (p *puller) pull(ref string, fetch func(string) error) {
	if ref == "" {
		p.done <- errors.New("empty reference")
	}
	p.done <- fetch(ref) // want "double-send"
}

func (p *puller) Pull(ref string, fetch func(string) error) error {
	p.done = make(chan error)
	go p.pull(ref, fetch)
	return <-p.done
}

// Not reported: the error path returns.
type carefulPuller struct {
	done chan error
}

func (p *carefulPuller) pull(ref string, fetch func(string) error) {
	if ref == "" {
		p.done <- errors.New("empty reference")
		return
	}
	p.done <- fetch(ref)
}

func (p *carefulPuller) Pull(ref string, fetch func(string) error) error {
	p.done = make(chan error)
	go p.pull(ref, fetch)
	return <-p.done
}
