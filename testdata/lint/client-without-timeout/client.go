package clienttimeout

import "net/http"

var apiClient = &http.Client{} // want "client-without-timeout"

func newClient(jar http.CookieJar) *http.Client {
	return &http.Client{Jar: jar} // want "client-without-timeout"
}
