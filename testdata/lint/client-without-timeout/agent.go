package clienttimeout

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// A test harness calls a remote agent with a client of its own and a request without a context: an agent that
// accepts the connection and hangs hangs the harness.
func putFailpoint(endpoint, name, value string) error {
	req, err := http.NewRequest(http.MethodPut, endpoint+"/"+name, strings.NewReader(value))
	if err != nil {
		return err
	}
	c := http.Client{} // want "client-without-timeout"
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("put failpoint %s: %s", name, resp.Status)
	}
	return nil
}

// The same request with the caller's context, which ends it: not reported.
func deleteFailpoint(ctx context.Context, endpoint, name string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, endpoint+"/"+name, nil)
	if err != nil {
		return err
	}
	c := http.Client{}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
