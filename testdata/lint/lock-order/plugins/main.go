// A plugin host (docker/containerd plugin-manager style): Reload holds the host's registry lock and stops every
// plugin, whose Stop takes the metrics lock to flush; Report holds the metrics lock and takes the registry lock to
// list the plugins. Two goroutines doing one each wait for each other. The plugins are reached through an exported
// interface; in package main every type that becomes a Plugin is in the program, and each one's Stop takes the lock.
package main

import (
	"sync"
	"time"
)

var (
	registryMu sync.Mutex
	metricsMu  sync.Mutex
	plugins    []Plugin
	counters   = map[string]int{}
)

type Plugin interface {
	Name() string
	Stop()
}

type logPlugin struct{ lines int }

func (p *logPlugin) Name() string { return "log" }

func (p *logPlugin) Stop() {
	metricsMu.Lock()
	counters["log.lines"] += p.lines
	metricsMu.Unlock()
}

type tracePlugin struct{ spans int }

func (p *tracePlugin) Name() string { return "trace" }

func (p *tracePlugin) Stop() {
	metricsMu.Lock()
	counters["trace.spans"] += p.spans
	metricsMu.Unlock()
}

func Reload() {
	registryMu.Lock()
	defer registryMu.Unlock()
	for _, p := range plugins {
		p.Stop()
	}
	plugins = []Plugin{&logPlugin{}, &tracePlugin{}}
}

func Report() []string {
	metricsMu.Lock()
	defer metricsMu.Unlock()
	registryMu.Lock() // want "lock-order"
	defer registryMu.Unlock()
	names := []string{}
	for _, p := range plugins {
		names = append(names, p.Name())
	}
	return names
}

func main() {
	plugins = []Plugin{&logPlugin{}, &tracePlugin{}}
	go Reload()
	go Report()
	time.Sleep(time.Second)
}
