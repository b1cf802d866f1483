package unclosedbody

import (
	"errors"
	"net/http"
)

func retry(attempt func() error) error { return attempt() }

// The response is set by a retried closure and checked by its caller, which returns on a bad status before it
// closes the body.
func putObject(client *http.Client, req *http.Request) error {
	var res *http.Response
	err := retry(func() error {
		var err error
		res, err = client.Do(req) // want "unclosed-response-body"
		return err
	})
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return errors.New(res.Status)
	}
	return res.Body.Close()
}

// The same closure whose caller hands the response on: not reported (the closure's `return err` leaves nothing open).
func getObject(client *http.Client, req *http.Request) (*http.Response, error) {
	var res *http.Response
	err := retry(func() error {
		var err error
		res, err = client.Do(req)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
