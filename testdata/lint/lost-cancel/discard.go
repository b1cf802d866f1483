package lostcancel

import (
	"context"
	"time"
)

func fetch(parent context.Context, get func(context.Context) error) error {
	ctx, _ := context.WithTimeout(parent, time.Second) // want "lost-cancel"
	return get(ctx)
}
