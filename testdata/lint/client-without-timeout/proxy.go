package clienttimeout

import (
	"io"
	"net/http"
)

// A handler that calls upstream through the default client: a slow upstream pins every request.
type proxy struct{ upstream string }

func (p proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get(p.upstream) // want "client-without-timeout"
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}
