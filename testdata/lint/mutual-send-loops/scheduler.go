package mutualsendloops

import "time"

// Written for this corpus (Go 1.22 syntax), in the style of the scheduler/worker deadlocks of the Go bug studies
// (Tu et al., ASPLOS'19): the scheduler's loop hands each queued task to the worker with a plain send, and the
// worker's loop reports its status to the scheduler every second with a plain send. A report due while a task is
// being handed over blocks both loops for good.
type task struct{ id int }

type scheduler struct {
	queue  []task
	status chan int
	wake   chan struct{}
	tasks  chan task
	quit   chan struct{}
}

func (s *scheduler) loop() {
	for {
		select {
		case n := <-s.status:
			_ = n
		case <-s.wake:
			for _, t := range s.queue {
				s.tasks <- t // want "mutual-send-loops" "stopped-receiver"
			}
		case <-s.quit:
			return
		}
	}
}

func (s *scheduler) work() {
	report := time.NewTicker(time.Second)
	defer report.Stop()
	done := 0
	for {
		select {
		case t := <-s.tasks:
			done += t.id
		case <-report.C:
			s.status <- done // want "stopped-receiver"
		case <-s.quit:
			return
		}
	}
}

func startScheduler() *scheduler {
	s := &scheduler{status: make(chan int), wake: make(chan struct{}), tasks: make(chan task), quit: make(chan struct{})}
	go s.loop()
	go s.work()
	return s
}
