package lostcancel

import "context"

// etcd-style watcher: the validation error returns before the cancel is deferred.
func watch(parent context.Context, key string, start func(context.Context, string) error) error {
	ctx, cancel := context.WithCancel(parent) // want "lost-cancel"
	if key == "" {
		return errEmptyKey
	}
	defer cancel()
	return start(ctx, key)
}

var errEmptyKey = errorString("empty key")

type errorString string

func (e errorString) Error() string { return string(e) }
