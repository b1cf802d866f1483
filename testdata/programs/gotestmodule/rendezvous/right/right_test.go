package right

import (
	"testing"

	"gotestmodule/rendezvous"
)

func TestMeetsLeft(t *testing.T) { rendezvous.Meet(t, "right", "left") }
