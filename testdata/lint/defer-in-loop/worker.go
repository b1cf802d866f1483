package deferinloop

import "os"

// A log shipper in the style of the seed: one file per task, closed only when the worker exits — never.
func shipLogs(tasks <-chan string) {
	for path := range tasks {
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer-in-loop"
		ship(f)
	}
}

func ship(*os.File) {}
