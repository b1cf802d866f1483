package sendsexceedbuffer

// moby-style snapshot: one goroutine per layer, plus one for the metadata, report on a channel sized for the layers
// only, and the first report decides. When the disk check fails the function returns before reading: every layer
// fits in the buffer, the metadata's report does not.
func snapshot(layers []string, save func(string) error, saveMeta func() error, diskFull func() bool) error {
	done := make(chan error, len(layers))
	for _, l := range layers {
		go func() { done <- save(l) }()
	}
	go func() { done <- saveMeta() }() // want "sends-exceed-buffer"
	if diskFull() {
		return nil
	}
	return <-done
}
