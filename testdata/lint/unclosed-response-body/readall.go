package unclosedbody

import (
	"io"
	"net/http"
)

func fetch(url string) ([]byte, error) {
	resp, err := http.Get(url) // want "unclosed-response-body"
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}
