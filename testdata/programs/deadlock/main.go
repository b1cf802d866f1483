// Command deadlock is a bank whose transfers lock the two accounts in argument order: two transfers
// in opposite directions take one lock each and wait for the other's (the AB-BA lock-order
// inversion of the Go bug studies). main waits for both, so every goroutine is asleep, and the
// runtime kills the process with "fatal error: all goroutines are asleep - deadlock!" and a
// traceback of every goroutine on stderr (exit status 2).
package main

import (
	"fmt"
	"sync"
)

type Account struct {
	mu      sync.Mutex
	name    string
	balance int
}

// transfer locks from, then to: two transfers in opposite directions deadlock.
//
//go:noinline
func transfer(from, to *Account, amount int, ready *sync.WaitGroup, both <-chan struct{}) {
	from.mu.Lock()
	defer from.mu.Unlock()
	ready.Done()
	<-both // each transfer holds its first lock before either takes its second
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

func main() {
	alice, bob := &Account{name: "alice", balance: 100}, &Account{name: "bob", balance: 100}
	var ready, done sync.WaitGroup
	both := make(chan struct{})
	ready.Add(2)
	done.Add(2)
	go func() { defer done.Done(); transfer(alice, bob, 10, &ready, both) }()
	go func() { defer done.Done(); transfer(bob, alice, 20, &ready, both) }()
	ready.Wait()
	close(both)
	done.Wait()
	fmt.Println(alice.balance, bob.balance)
}
