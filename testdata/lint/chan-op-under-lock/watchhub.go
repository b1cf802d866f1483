package chanopunderlock

import "sync"

// etcd-style watch hub, through an interface: notify is a method of the package's unexported `watchListener`
// interface, and broadcast calls it for every listener while holding hubMu. A watcher's delivery loop takes hubMu
// after each event to update the hub's counters, so while one event waits in the loop's locked section the next
// notify blocks on the unbuffered events channel with the lock held, and the loop never gets hubMu back.
var (
	hubMu     sync.Mutex
	delivered int
	listeners []watchListener
)

type watchListener interface{ notify(rev int64) }

type hubWatcher struct{ events chan int64 }

func (w *hubWatcher) notify(rev int64) {
	w.events <- rev // want "chan-op-under-lock"
}

func (w *hubWatcher) deliver() {
	for {
		rev := <-w.events
		hubMu.Lock()
		delivered++
		hubMu.Unlock()
		_ = rev
	}
}

func watchRevisions() {
	w := &hubWatcher{events: make(chan int64)}
	go w.deliver()
	hubMu.Lock()
	listeners = append(listeners, w)
	hubMu.Unlock()
}

func broadcast(rev int64) {
	hubMu.Lock()
	defer hubMu.Unlock()
	for _, l := range listeners {
		l.notify(rev)
	}
}
