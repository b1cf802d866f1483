package loopselect

import "context"

type pump struct {
	in  chan int
	out func(int)
}

func (p *pump) start(ctx context.Context, stop chan struct{}) {
	go func() {
		for { // want "loop-select-no-exit"
			select {
			case v := <-p.in:
				p.out(v)
			case <-stop:
				break
			}
		}
	}()
	// A ctx.Done() case, a return on a closed channel, a labelled break: not reported.
	go func() {
		for {
			select {
			case v := <-p.in:
				p.out(v)
			case <-ctx.Done():
			}
		}
	}()
	go func() {
		for {
			select {
			case v, ok := <-p.in:
				if !ok {
					return
				}
				p.out(v)
			}
		}
	}()
	go func() {
	loop:
		for {
			select {
			case v := <-p.in:
				p.out(v)
			case <-stop:
				break loop
			}
		}
	}()
}
