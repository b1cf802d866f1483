package globalctx

import (
	"context"
	"time"
)

var (
	startupCtx, startupCancel = context.WithDeadline(context.Background(), time.Now().Add(time.Minute)) // want "global-timeout-context"
)

// A package-level cancelable root is fine: it has no deadline to run out.
var rootCtx, rootCancel = context.WithCancel(context.Background())
