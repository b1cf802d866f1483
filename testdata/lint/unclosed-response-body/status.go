package unclosedbody

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// kubernetes-style client: a non-200 status returns before the body is closed.
func getJSON(c *http.Client, req *http.Request, v any) error {
	resp, err := c.Do(req) // want "unclosed-response-body"
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("unexpected status %s", resp.Status)
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}
