package doublelock

import "sync"

// Plugin registry in the style of a helper that wraps an operation with bookkeeping: Register holds the
// registry lock and hands a closure to the helper, which calls it; the closure's reload takes the registry
// lock again. The helper's parameter is only ever passed known functions, so the call inside it is followed.
var pluginsMu sync.Mutex

var plugins = map[string]func() error{}

func timed(name string, op func() error) error {
	start := stamp(name)
	err := op()
	stamp(start)
	return err
}

func stamp(s string) string { return s }

func reload(name string) error {
	pluginsMu.Lock()
	defer pluginsMu.Unlock()
	if init, ok := plugins[name]; ok {
		return init()
	}
	return nil
}

func Register(name string, init func() error) error {
	pluginsMu.Lock()
	defer pluginsMu.Unlock()
	plugins[name] = init
	return timed(name, func() error { return reload(name) }) // want "double-lock"
}
