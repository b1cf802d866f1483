package unclosedbody

import "net/http"

// A health probe that only looks at the status line.
func healthy(url string) bool {
	resp, err := http.DefaultClient.Get(url) // want "unclosed-response-body"
	return err == nil && resp.StatusCode == http.StatusOK
}

// Closed on every path: not reported.
func healthyClosed(url string) bool {
	resp, err := http.Get(url)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
