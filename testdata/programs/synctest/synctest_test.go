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
		synctest.Wait() // returns once every other goroutine in the bubble is durably blocked
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		if err := pprof.Lookup("goroutine").WriteTo(f, 2); err != nil {
			t.Fatal(err)
		}
		f.Close()
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
