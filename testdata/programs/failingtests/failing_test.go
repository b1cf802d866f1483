// Package failingtests has one passing and one failing test and leaks nothing: goroscope's tests run
// `goroscope test` on it to see go test's failure passed on as go test exits.
package failingtests

import "testing"

func TestPasses(t *testing.T) {}

func TestFails(t *testing.T) {
	t.Fatal("this test fails on purpose")
}
