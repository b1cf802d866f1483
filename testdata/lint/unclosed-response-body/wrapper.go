package unclosedbody

import (
	"encoding/json"
	"net/http"
)

// The client-library shape of Tu et al.'s leaks through net/http: a helper does the request and returns the response,
// and the caller decodes the body and never closes it.
type api struct {
	base   string
	client *http.Client
}

func (a *api) get(path string) (*http.Response, error) {
	req, err := http.NewRequest("GET", a.base+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

func (a *api) Status() (string, error) {
	resp, err := a.get("/status") // want "unclosed-response-body"
	if err != nil {
		return "", err
	}
	var s struct{ State string }
	err = json.NewDecoder(resp.Body).Decode(&s)
	return s.State, err
}

// Not reported: the caller closes the body the helper returns.
func (a *api) Version() (string, error) {
	resp, err := a.get("/version")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var v struct{ Version string }
	err = json.NewDecoder(resp.Body).Decode(&v)
	return v.Version, err
}

// Not reported: the body is closed by a callee that receives the response.
func (a *api) Health() error {
	resp, err := a.get("/health")
	if err != nil {
		return err
	}
	return drainAndClose(resp)
}

func drainAndClose(resp *http.Response) error {
	defer resp.Body.Close()
	return nil
}
