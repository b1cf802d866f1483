package main

// dump.go is the same in every Goroscope fixture program except leakzoo: it waits
// for the goroutines to park and writes profiles exactly as net/http/pprof does.

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"
)

// settle waits until exactly want goroutines exist and at most maxActive of them are
// running or runnable, then waits a second and checks again. Exits 3 after 20 s.
func settle(want, maxActive int) {
	deadline := time.Now().Add(20 * time.Second)
	ok := func() bool { return runtime.NumGoroutine() == want && active() <= maxActive }
	for {
		for !ok() {
			if time.Now().After(deadline) {
				fmt.Fprintf(os.Stderr, "not settled: NumGoroutine=%d want %d, active=%d\n",
					runtime.NumGoroutine(), want, active())
				os.Exit(3)
			}
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(time.Second)
		if ok() {
			return
		}
	}
}

// active counts goroutines that are running or runnable.
func active() int {
	var b bytes.Buffer
	pprof.Lookup("goroutine").WriteTo(&b, 2)
	s := b.String()
	return strings.Count(s, " [running") + strings.Count(s, " [runnable")
}

// dump writes the named profile at the given debug level to path, as net/http/pprof does.
func dump(path, profile string, debug int) {
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup(profile).WriteTo(f, debug)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
