package globalctx

import (
	"context"
	"errors"
	"time"
)

var requestCtx, requestCancel = context.WithTimeoutCause(context.Background(), time.Second, errors.New("slow")) // want "global-timeout-context"

func perRequest(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(parent, time.Second)
}
