// Package panics has a test that panics, which ends its test binary (and its execution trace) early.
package panics

import "testing"

func TestWritesToNilMap(t *testing.T) {
	var counts map[string]int
	counts["boom"]++
}
