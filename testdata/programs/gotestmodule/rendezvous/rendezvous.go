// Package rendezvous lets the tests of two packages wait for each other: each passes only if the other's test
// binary runs at the same time, so they show that goroscope test runs packages in parallel.
package rendezvous

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Meet marks this package as running in the directory $GOROSCOPE_RENDEZVOUS and waits up to a minute for the
// other package to do the same. Without the variable the test is skipped.
func Meet(t *testing.T, self, other string) {
	dir := os.Getenv("GOROSCOPE_RENDEZVOUS")
	if dir == "" {
		t.Skip("GOROSCOPE_RENDEZVOUS is not set")
	}
	if err := os.WriteFile(filepath.Join(dir, self), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, other)); err == nil {
			return
		}
	}
	t.Fatalf("%s did not run while %s did", other, self)
}
