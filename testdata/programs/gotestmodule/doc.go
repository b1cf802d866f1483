// Package gotestmodule is a module of several packages for `goroscope test ./...` (any Go from 1.19): one does
// not build, one's test panics, and rendezvous/left and rendezvous/right pass only when tested at the same time.
package gotestmodule
