package leakytests

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestClean starts goroutines and waits for all of them.
func TestClean(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Millisecond)
		}()
	}
	wg.Wait()
}

// TestFetchTimeout leaks two workers: Fetch gives up before they send.
func TestFetchTimeout(t *testing.T) {
	for i := 0; i < 2; i++ {
		if _, ok := Fetch(time.Millisecond); ok {
			t.Fatal("expected a timeout")
		}
	}
}

// TestLeakThroughHelper leaks a goroutine started by a helper goroutine that itself returns.
func TestLeakThroughHelper(t *testing.T) {
	done := make(chan struct{})
	go func() {
		Subscribe(make(chan string))
		close(done)
	}()
	<-done
	blocked(t, "leakytests.Subscribe.func1", "chan receive")
}

// TestParallelLeaky and TestParallelClean run at the same time; only the first leaks.
func TestParallelLeaky(t *testing.T) {
	t.Parallel()
	stop := make(chan struct{})
	go func() {
		select {
		case <-stop:
		}
	}()
	time.Sleep(20 * time.Millisecond)
}

func TestParallelClean(t *testing.T) {
	t.Parallel()
	done := make(chan struct{})
	go func() {
		time.Sleep(20 * time.Millisecond)
		close(done)
	}()
	<-done
}

// TestSubtests leaks in its second subtest only.
func TestSubtests(t *testing.T) {
	t.Run("clean", func(t *testing.T) {
		ch := make(chan int, 1)
		go func() { ch <- 1 }()
		<-ch
	})
	t.Run("leaky", func(t *testing.T) {
		var mu sync.Mutex
		mu.Lock()
		go func() {
			mu.Lock()
		}()
	})
}

// blocked waits until a goroutine running function is blocked in state, so the leak is recorded where it stays
// however loaded the machine is: otherwise the test can end before that goroutine has run at all.
func blocked(t *testing.T, function, state string) {
	buf := make([]byte, 1<<20)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
			if header, _, _ := strings.Cut(g, "\n"); strings.Contains(g, function) && strings.Contains(header, "["+state) {
				return
			}
		}
	}
	t.Fatalf("%s never blocked in %s", function, state)
}
