package stopnotcalled

import (
	"context"
	"errors"
)

// The database/sql transaction shape (Go issue 16702-style leaks of Tx.awaitDone; the "forgotten Rollback" bugs of
// Tu et al., ASPLOS 2019): begin starts a goroutine that waits for the transaction's context, which only Rollback
// cancels; a caller that commits on success but forgets Rollback on its error path leaves it waiting for good.
type tx struct {
	ctx    context.Context
	cancel context.CancelFunc
	done   bool
}

func begin(parent context.Context) (*tx, error) {
	if parent == nil {
		return nil, errors.New("no context")
	}
	t := &tx{}
	t.ctx, t.cancel = context.WithCancel(parent)
	go t.awaitDone()
	return t, nil
}

func (t *tx) awaitDone() {
	<-t.ctx.Done()
	t.done = true
}

func (t *tx) commit() error { return nil }

func (t *tx) rollback() { t.cancel() }

func transfer(parent context.Context, amount int) error {
	t, err := begin(parent) // want "stop-not-called"
	if err != nil {
		return err
	}
	if amount <= 0 {
		return errors.New("bad amount")
	}
	return t.commit()
}

// Not reported: rollback is deferred.
func transferSafely(parent context.Context) error {
	t, err := begin(parent)
	if err != nil {
		return err
	}
	defer t.rollback()
	return t.commit()
}
