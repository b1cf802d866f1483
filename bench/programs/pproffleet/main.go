// Command pproffleet simulates a fleet of Go services for goroscope watch's benchmark: -targets of them on
// -listeners loopback ports (one by default; as many as targets gives each service a port, and watch a connection,
// of its own, as a real fleet does), each under /tN/debug/pprof/, serving the recorded goroutine profile given by -profile (a gzipped
// pprof proto, as net/http/pprof serves ?debug=0) and 404 for goroutineleak, as a pre-1.26 service would. It writes
// a Prometheus file_sd JSON file listing them (-sd) and prints "listening on 127.0.0.1:PORT" first. Every request
// is counted; SIGTERM prints the total served, so a benchmark can tell whether watch lost any scrape.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
)

func main() {
	targets := flag.Int("targets", 200, "simulated services")
	profile := flag.String("profile", "", "recorded goroutine profile to serve (debug=0 .pb.gz)")
	sd := flag.String("sd", "fleet.json", "file_sd JSON file to write")
	listeners := flag.Int("listeners", 1, "loopback ports the services are spread over")
	flag.Parse()

	body, err := os.ReadFile(*profile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pproffleet:", err)
		os.Exit(1)
	}
	lns := make([]net.Listener, *listeners)
	for i := range lns {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fmt.Fprintln(os.Stderr, "pproffleet:", err)
			os.Exit(1)
		}
		lns[i] = ln
	}
	var served atomic.Int64
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/debug/pprof/goroutine") {
			http.NotFound(w, r)
			return
		}
		served.Add(1)
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(body)
	})

	type group struct {
		Targets []string          `json:"targets"`
		Labels  map[string]string `json:"labels"`
	}
	groups := make([]group, *targets)
	for i := range groups {
		groups[i] = group{Targets: []string{lns[i%len(lns)].Addr().String()}, Labels: map[string]string{"name": fmt.Sprintf("svc%03d", i), "__metrics_path__": fmt.Sprintf("/t%d", i)}}
	}
	data, _ := json.MarshalIndent(groups, "", "  ")
	if err := os.WriteFile(*sd, data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "pproffleet:", err)
		os.Exit(1)
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		fmt.Printf("served %d goroutine profiles\n", served.Load())
		os.Exit(0)
	}()
	for _, ln := range lns[1:] {
		go http.Serve(ln, nil)
	}
	fmt.Printf("listening on %s (and %d more ports)\n", lns[0].Addr(), len(lns)-1)
	http.Serve(lns[0], nil)
}
