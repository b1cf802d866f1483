//go:build go1.25

package synctestdump

import (
	"bytes"
	"os"
	"runtime/pprof"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestDumpInBubble(t *testing.T) {
	out := os.Getenv("DUMP_OUT")
	if out == "" {
		t.Skip("set DUMP_OUT to the file to write")
	}
	waitMainParked(t)
	synctest.Test(t, func(t *testing.T) {
		ch := make(chan int)
		for i := 0; i < 3; i++ {
			go bubbleReceiver(ch)
		}
		for i := 0; i < 2; i++ {
			go bubbleSleeper()
		}
		synctest.Wait() // returns once every other goroutine in the bubble is durably blocked; then dumps (on these lines: the dumps show their numbers)
		for _, dump := range dumps(out) {
			f, err := os.Create(dump.path)
			fatalIf(t, err)
			defer f.Close()
			if err := pprof.Lookup("goroutine").WriteTo(f, dump.debug); err != nil {
				t.Fatal(err)
			}
		}
		close(ch)                 // let the bubble finish: the receivers return,
		time.Sleep(2 * time.Hour) // and the sleepers wake as the fake clock advances
	})
}

func bubbleReceiver(ch chan int) {
	<-ch // chan-receive: durably blocked in the bubble until the test closes ch after the dump
}

func bubbleSleeper() {
	time.Sleep(time.Hour) // sleep: durably blocked on the bubble's fake clock
}

// waitMainParked waits (in real time, outside the bubble) until the test binary's
// goroutine 1 has parked in t.Run, so the dump shows it as "chan receive".
func waitMainParked(t *testing.T) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		var b bytes.Buffer
		pprof.Lookup("goroutine").WriteTo(&b, 2)
		if strings.Contains(b.String(), "\ngoroutine 1 [chan receive]:") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("goroutine 1 did not park")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type dumpFile struct {
	path  string
	debug int
}

// dumps says what the test writes: DUMP_OUT at debug=2 and, when DUMP_OUT1 is set, its debug=1 twin there,
// of the same moment (nothing in the bubble can move meanwhile).
func dumps(out string) []dumpFile {
	files := []dumpFile{{out, 2}}
	if out1 := os.Getenv("DUMP_OUT1"); out1 != "" {
		files = append(files, dumpFile{out1, 1})
	}
	return files
}

func fatalIf(t *testing.T, err error) {
	if err != nil {
		t.Fatal(err)
	}
}
