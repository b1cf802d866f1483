#!/usr/bin/env bash
# Records goroutine dumps of real, healthy Go servers from Debian packages under ordinary bounded load, into
# testdata/healthy/<server>/ as goroutine.debug2.txt, goroutine.debug1.txt and goroutine.debug0.pb.gz, and
# rewrites testdata/healthy/SOURCES.md. Every server listens on 127.0.0.1 only; all load is bounded in count
# and time and stops by itself; every process started here is stopped on exit.
#
# Needs: apt-get install prometheus prometheus-pushgateway prometheus-alertmanager prometheus-blackbox-exporter nats-server
#        golang-github-nats-io-nats-server-dev golang-github-prometheus-alertmanager-dev (their sources, with every
#        dependency, in /usr/share/gocode), curl, python3, Go 1.23 and 1.27 in GO_BASE/1.23 and GO_BASE/1.27
#        (GO_BASE=/opt/go by default; ../shared/tools/install-go.sh). The Debian packages are built with Go 1.19;
#        nats-server and the Alertmanager are also built here from Debian's packaged sources with Go 1.27 and 1.23
#        (GOPATH mode over /usr/share/gocode, nothing downloaded), so the recordings span Go 1.19 to 1.27.
# Usage: testdata/record-healthy.sh [SECONDS_OF_LOAD_BEFORE_RECORDING]   (default 45)
# Env:   PROMETHEUS_SOURCE=DIR  Debian's source of the prometheus package (`apt-get source prometheus`, with deb-src
#        in the apt sources): also rewrites testdata/healthy/prometheus/source/, the excerpt of it that the dumps'
#        blocking frames point into (see testdata/tools/source-excerpt), for `analyze --source`.
#        ALERTMANAGER_SOURCE=DIR  the same for the retrying Alertmanager, from Debian's
#        golang-github-prometheus-alertmanager-dev (/usr/share/gocode/src/github.com/prometheus/alertmanager).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$here/healthy
GO_BASE=${GO_BASE:-/opt/go}
GO=${GO:-$GO_BASE/1.27/bin/go}
warmup=${1:-45}
work=$(mktemp -d)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

start() { # start NAME CMD...: runs CMD in the background, logging to $work/NAME.log
	local name=$1
	shift
	"$@" >"$work/$name.log" 2>&1 &
	pids+=($!)
}

wait_http() { # wait_http URL: up to 20 s for the URL to answer
	local i
	for i in $(seq 1 80); do
		curl -fs -o /dev/null "$1" && return 0
		sleep 0.25
	done
	echo "record-healthy: $1 never answered" >&2
	exit 1
}

# build_from_debian VERSION PACKAGE_DIR OUT: builds the main package in /usr/share/gocode/src/PACKAGE_DIR with Go
# VERSION in GOPATH mode (Debian's packaged dependencies; `/v2` imports resolve by minimal module compatibility).
build_from_debian() {
	(cd "/usr/share/gocode/src/$2" && env GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOTOOLCHAIN=local CGO_ENABLED=0 \
		GOROOT="$GO_BASE/$1" GOCACHE="${GOCACHE:-$work/gocache}" "$GO_BASE/$1/bin/go" build -o "$3" .)
}
echo "record-healthy: building nats-server with Go 1.27 and the Alertmanager with Go 1.23 (a few minutes) ..." >&2
build_from_debian 1.27 github.com/nats-io/nats-server "$work/nats-server-go1.27"
build_from_debian 1.23 github.com/prometheus/alertmanager/cmd/alertmanager "$work/alertmanager-go1.23"

# --- the servers -------------------------------------------------------------------------------------------
start pushgateway prometheus-pushgateway --web.listen-address=127.0.0.1:19091
# The Alertmanager notifies a local webhook receiver that answers 200 (Debian's sample config mails localhost:25,
# where nothing listens, and would leave every notification retrying).
cat >"$work/alertmanager.yml" <<'CONFIG'
route: {receiver: webhook, group_by: [alertname], group_wait: 1s, group_interval: 5s, repeat_interval: 1m}
receivers:
  - {name: webhook, webhook_configs: [{url: "http://127.0.0.1:19094/"}]}
CONFIG
start webhook timeout $((warmup + 60)) python3 -c '
import http.server
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"] or 0))
        self.send_response(200)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", 19094), Receiver).serve_forever()'
start alertmanager prometheus-alertmanager --web.listen-address=127.0.0.1:19093 --cluster.listen-address= \
	--storage.path="$work/alertmanager" --config.file="$work/alertmanager.yml"
# A second Alertmanager with Debian's sample configuration, which mails localhost:25 where nothing listens: every
# notification it sends fails and is retried on a backoff ticker, as an Alertmanager whose receiver is down does.
start alertmanager-retrying prometheus-alertmanager --web.listen-address=127.0.0.1:19095 --cluster.listen-address= \
	--storage.path="$work/alertmanager-retrying" --config.file=/etc/prometheus/alertmanager.yml
start blackbox prometheus-blackbox-exporter --web.listen-address=127.0.0.1:19115 --config.file=/etc/prometheus/blackbox.yml
start nats nats-server -a 127.0.0.1 -p 14222 -m 18222 --profile 16060
start nats-go1.27 "$work/nats-server-go1.27" -a 127.0.0.1 -p 14223 -m 18223 --profile 16061
start alertmanager-go1.23 "$work/alertmanager-go1.23" --web.listen-address=127.0.0.1:19096 --cluster.listen-address= \
	--storage.path="$work/alertmanager-go1.23.data" --config.file="$work/alertmanager.yml"

# Prometheus scrapes 100 targets (25 replicas of four local /metrics endpoints, told apart by a label), probes
# 10 more through the blackbox exporter, and sends an always-firing alert to the Alertmanager.
{
	echo 'global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}'
	echo "rule_files: [$work/rules.yml]"
	echo 'alerting: {alertmanagers: [{static_configs: [{targets: ["127.0.0.1:19093"]}]}]}'
	echo 'scrape_configs:'
	echo '  - job_name: local'
	echo '    static_configs:'
	for r in $(seq 1 25); do
		echo "      - {targets: [127.0.0.1:19090, 127.0.0.1:19091, 127.0.0.1:19093, 127.0.0.1:19115], labels: {replica: \"$r\"}}"
	done
	echo '  - job_name: probe'
	echo '    metrics_path: /probe'
	echo '    params: {module: [http_2xx]}'
	echo '    static_configs:'
	echo "      - targets: [$(seq -s, -f '"http://127.0.0.1:19091/metrics?n=%g"' 1 10)]"
	echo '    relabel_configs:'
	echo '      - {source_labels: [__address__], target_label: __param_target}'
	echo '      - {target_label: __address__, replacement: 127.0.0.1:19115}'
} >"$work/prometheus.yml"
cat >"$work/rules.yml" <<'RULES'
groups:
  - name: healthy
    rules:
      - {alert: AlwaysFiring, expr: vector(1), labels: {severity: none}}
RULES
start prometheus prometheus --web.listen-address=127.0.0.1:19090 --config.file="$work/prometheus.yml" \
	--storage.tsdb.path="$work/prometheus"

wait_http http://127.0.0.1:19091/-/ready
wait_http http://127.0.0.1:19093/-/ready
wait_http http://127.0.0.1:19095/-/ready
wait_http http://127.0.0.1:19115/metrics
wait_http http://127.0.0.1:18222/varz
wait_http http://127.0.0.1:18223/varz
wait_http http://127.0.0.1:19096/-/ready
wait_http http://127.0.0.1:19090/-/ready

# --- the load (bounded) ------------------------------------------------------------------------------------
for g in $(seq 1 20); do # 20 groups pushed to the Pushgateway
	printf 'healthy_push{kind="batch"} %d\n' "$g" |
		curl -fs --data-binary @- "http://127.0.0.1:19091/metrics/job/healthy/instance/i$g"
done
for a in $(seq 1 20); do # 20 alerts posted to each Alertmanager
	for port in 19093 19095 19096; do
		curl -fs -o /dev/null -H 'Content-Type: application/json' \
			-d "[{\"labels\":{\"alertname\":\"Healthy$a\",\"severity\":\"none\"}}]" http://127.0.0.1:$port/api/v2/alerts
	done
done
# 20 NATS subscribers on 10 subjects and 5 publishers, held open until the dumps are taken.
start natsload python3 "$here/healthy/nats-load.py" 14222 $((warmup + 30)) 20 5
start natsload-go1.27 python3 "$here/healthy/nats-load.py" 14223 $((warmup + 30)) 20 5

sleep "$warmup"

# --- the recordings ----------------------------------------------------------------------------------------
record() { # record SERVER PPROF_BASE_URL BINARY LOAD [PACKAGE]: PACKAGE when BINARY was built here from its sources
	local dir=$out/$1
	mkdir -p "$dir"
	curl -fsS -o "$dir/goroutine.debug2.txt" "$2/goroutine?debug=2"
	curl -fsS -o "$dir/goroutine.debug1.txt" "$2/goroutine?debug=1"
	curl -fsS -o "$dir/goroutine.debug0.pb.gz" "$2/goroutine?debug=0"
	local package version go
	package=${5:-$(dpkg-query -S "$3" | head -1 | cut -d: -f1)}
	version=$(dpkg-query -W -f='${Version}' "$package")
	go=$("$GO" version "$3" | awk '{print $2}')
	printf '| %s | %s %s | %s | %s | %s |\n' "$1" "$package" "$version" "$go" \
		"$(grep -c '^goroutine ' "$dir/goroutine.debug2.txt")" "$4" >>"$work/rows"
}
: >"$work/rows"
record prometheus http://127.0.0.1:19090/debug/pprof /usr/bin/prometheus \
	"100 scrape targets and 10 blackbox probes every 1 s, 1 alert rule every 1 s sent to the Alertmanager"
record pushgateway http://127.0.0.1:19091/debug/pprof /usr/bin/prometheus-pushgateway \
	"20 pushed groups; scraped 25 times a second by Prometheus, probed 10 times a second by the blackbox exporter"
record alertmanager http://127.0.0.1:19093/debug/pprof /usr/bin/prometheus-alertmanager \
	"20 posted alerts plus Prometheus's firing alert every 1 s, notified to a local webhook; scraped 25 times a second"
record alertmanager-retrying http://127.0.0.1:19095/debug/pprof /usr/bin/prometheus-alertmanager \
	"Debian's sample configuration (mails localhost:25, where nothing listens): 20 posted alerts in 20 groups, each notification retrying after the 30 s group wait"
record blackbox-exporter http://127.0.0.1:19115/debug/pprof /usr/bin/prometheus-blackbox-exporter \
	"10 HTTP probes and 25 scrapes a second from Prometheus"
record nats-server http://127.0.0.1:16060/debug/pprof /usr/sbin/nats-server \
	"20 subscriber and 5 publisher connections (testdata/healthy/nats-load.py), 100 messages a second"
record nats-server-go1.27 http://127.0.0.1:16061/debug/pprof "$work/nats-server-go1.27" \
	"as nats-server; built here from the package's source with Go 1.27" golang-github-nats-io-nats-server-dev
record alertmanager-go1.23 http://127.0.0.1:19096/debug/pprof "$work/alertmanager-go1.23" \
	"20 posted alerts, notified to the local webhook; built here from the package's source with Go 1.23" golang-github-prometheus-alertmanager-dev

{
	echo '# Healthy servers'
	echo
	echo "Recorded $(date -u +%Y-%m-%d) by \`testdata/record-healthy.sh\` on Debian $(cat /etc/debian_version), after"
	echo "$warmup s of the load below, on 127.0.0.1. Each directory holds \`goroutine.debug2.txt\`, \`goroutine.debug1.txt\` and"
	echo '`goroutine.debug0.pb.gz`, taken one after the other from the same process; `analyze` must name no suspect in any.'
	echo 'The Debian packages are built with Go 1.19; the `-go1.NN` servers were built by the script from the Debian package of'
	echo 'their source with that Go (GOPATH mode over /usr/share/gocode: Debian'"'"'s packaged dependencies, nothing downloaded).'
	echo
	echo '| server | Debian package | Go | goroutines (debug=2) | load |'
	echo '|---|---|---|---|---|'
	cat "$work/rows"
} >"$out/SOURCES.md"
# excerpt SERVER MODULE SOURCE_DIR [dependency]: the functions of SOURCE_DIR that the server's debug=2 dump blocks
# in, into testdata/healthy/SERVER/source/ (the first frame of each goroutine inside MODULE); a dependency's into
# source/MODULE/, where the dump's trimmed paths (`go.opencensus.io/stats/view/worker.go`) find it.
excerpt() {
	local sites dest=$out/$1/source
	[ "${4:-}" = dependency ] && dest=$dest/$2
	mapfile -t sites < <(awk -v module="$2/" '/^goroutine /{first=1; next}
		first && index($0, "\t" module) == 1 {sub("^\t" module, ""); sub(/ \+0x.*/, ""); print; first=0}' \
		"$out/$1/goroutine.debug2.txt" | sort -u)
	(cd "$here/tools/source-excerpt" && GOTOOLCHAIN=local GOFLAGS=-mod=mod "$GO" run . "$3" "$dest" "${sites[@]}")
}
# excerpt_dependencies SERVER MODULE...: excerpt for each dependency MODULE from Debian's packaged source of it.
excerpt_dependencies() {
	local server=$1 module
	shift
	for module in "$@"; do excerpt "$server" "$module" "/usr/share/gocode/src/$module" dependency; done
}
if [ -n "${PROMETHEUS_SOURCE:-}" ]; then
	version=$(dpkg-query -W -f='${Version}' prometheus)
	rm -rf "$out/prometheus/source"
	excerpt prometheus github.com/prometheus/prometheus "$PROMETHEUS_SOURCE"
	# Some of its goroutines block in dependencies, which Debian packages (golang-go.opencensus-dev,
	# golang-github-oklog-run-dev): without them, debug=1 could not tell those waits apart.
	excerpt_dependencies prometheus go.opencensus.io github.com/oklog/run
	printf '\nprometheus/source/ holds the functions of Debian source package prometheus %s that the dumps block in (package\nclause, imports and those functions; other lines left empty, so line numbers are the original ones), made by\ntestdata/tools/source-excerpt. Apache License 2.0, Copyright The Prometheus Authors.\n' "$version" >>"$out/SOURCES.md"
	printf '\nprometheus/source/go.opencensus.io/ and prometheus/source/github.com/oklog/run/ hold, likewise, the functions of Debian\npackages golang-go.opencensus-dev %s and golang-github-oklog-run-dev %s its dumps block in. Apache License 2.0,\nCopyright OpenCensus and OK Log.\n' \
		"$(dpkg-query -W -f='${Version}' golang-go.opencensus-dev)" "$(dpkg-query -W -f='${Version}' golang-github-oklog-run-dev)" >>"$out/SOURCES.md"
fi
if [ -n "${ALERTMANAGER_SOURCE:-}" ]; then
	rm -rf "$out/alertmanager-retrying/source"
	excerpt alertmanager-retrying github.com/prometheus/alertmanager "$ALERTMANAGER_SOURCE"
	excerpt_dependencies alertmanager-retrying github.com/cenkalti/backoff github.com/oklog/run
	printf '\nalertmanager-retrying/source/ holds, likewise, the functions of Debian package golang-github-prometheus-alertmanager-dev\n%s that its dumps block in. Apache License 2.0, Copyright The Prometheus Authors.\n' \
		"$(dpkg-query -W -f='${Version}' golang-github-prometheus-alertmanager-dev)" >>"$out/SOURCES.md"
	printf '\nalertmanager-retrying/source/github.com/cenkalti/backoff/ and .../github.com/oklog/run/ hold, likewise, the functions of\nDebian packages golang-github-cenkalti-backoff-dev %s (MIT (Expat) License, Copyright 2014 Cenk Altı) and\ngolang-github-oklog-run-dev %s (Apache License 2.0, Copyright OK Log) its dumps block in.\n' \
		"$(dpkg-query -W -f='${Version}' golang-github-cenkalti-backoff-dev)" "$(dpkg-query -W -f='${Version}' golang-github-oklog-run-dev)" >>"$out/SOURCES.md"
fi
cat "$out/SOURCES.md"
