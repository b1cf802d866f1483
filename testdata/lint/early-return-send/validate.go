package earlyreturn

// The LeakProf "early return" shape: a validation error returns before the result is read.
func compute(input []int, sum func([]int) int) (int, error) {
	results := make(chan int)
	go func() { results <- sum(input) }() // want "early-return-send"
	if len(input) == 0 {
		return 0, errEmpty
	}
	return <-results, nil
}

var errEmpty = errorString("empty")

type errorString string

func (e errorString) Error() string { return string(e) }
