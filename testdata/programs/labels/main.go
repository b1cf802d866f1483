// Command labels parks goroutines that carry pprof labels (set with pprof.Do) and
// writes debug=2, debug=1 (with "# labels:" lines) and debug=0 dumps. Go 1.27 also
// prints the labels in debug=2 goroutine headers ({k: v}) when go.mod says go 1.27.
package main

import (
	"context"
	"flag"
	"path/filepath"
	"runtime/pprof"
	"sync"
)

func main() {
	out := flag.String("out", ".", "directory for the dump files")
	prefix := flag.String("prefix", "labels", "file name prefix")
	flag.Parse()
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		go pprof.Do(context.Background(), pprof.Labels("handler", "GET /api/users", "tenant", "acme"), func(ctx context.Context) {
			serveRequest(ch)
		})
	}
	mu := new(sync.Mutex)
	mu.Lock() // never unlocked
	for i := 0; i < 2; i++ {
		go pprof.Do(context.Background(), pprof.Labels("job", "reindex"), func(ctx context.Context) {
			runJob(mu)
		})
	}
	go unlabelled(ch)
	settle(1+3+2+1, 1)
	dump(filepath.Join(*out, *prefix+".debug2.txt"), "goroutine", 2)
	dump(filepath.Join(*out, *prefix+".debug1.txt"), "goroutine", 1)
	dump(filepath.Join(*out, *prefix+".debug0.pb.gz"), "goroutine", 0)
}

func serveRequest(ch chan int) {
	<-ch // chan-receive: nobody sends on ch; labelled handler=GET /api/users, tenant=acme
}

func runJob(mu *sync.Mutex) {
	mu.Lock() // mutex: main holds it forever; labelled job=reindex
}

func unlabelled(ch chan int) {
	<-ch // chan-receive: nobody sends on ch; no labels
}
