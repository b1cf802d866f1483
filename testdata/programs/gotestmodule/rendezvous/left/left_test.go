package left

import (
	"testing"

	"gotestmodule/rendezvous"
)

func TestMeetsRight(t *testing.T) { rendezvous.Meet(t, "left", "right") }
