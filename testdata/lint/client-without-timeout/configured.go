package clienttimeout

import (
	"net/http"
	"time"
)

var webhookClient = http.Client{} // want "client-without-timeout"

// A Timeout, a Transport of its own, or a Timeout set right after: not reported.
var timed = &http.Client{Timeout: 10 * time.Second}

var transported = &http.Client{Transport: &http.Transport{ResponseHeaderTimeout: time.Second}}

func later() *http.Client {
	c := &http.Client{}
	c.Timeout = 5 * time.Second
	return c
}
