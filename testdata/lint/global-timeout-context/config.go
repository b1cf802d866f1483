package globalctx

import (
	"context"
	"time"
)

var ctx, cancel = context.WithTimeout(context.Background(), 3*time.Second) // want "global-timeout-context"

func query(run func(context.Context) error) error { return run(ctx) }
