#!/usr/bin/env bash
# Runs `goroscope lint` with every rule enabled (JSON) over each project of the precision corpus (docs/lint-precision.md),
# once without and once with --include-tests, and prints a per-rule / per-project count table. Installs nothing: the
# projects are the sources of Debian bookworm `-dev` packages under /usr/share/gocode/src, linted in GOPATH mode
# (GO111MODULE=off GOPATH=/usr/share/gocode) with Go 1.27's standard library; a missing project is skipped with a line
# naming its package. Every finding of every run is kept in WORK/<project>.json and WORK/<project>-tests.json, for
# reading by hand.
#
#   bench/lint-precision.sh [project...]   # WORK=/tmp/goroscope-lint-precision GOROSCOPE=<built here by default>
#
# GOROSCOPE=/path/to/Goroscope.Cli skips the Native AOT build. GOTREE=1 adds the Go 1.27 tree (/opt/go/1.27/src).
set -euo pipefail
work=${WORK:-/tmp/goroscope-lint-precision}
repo="$(cd "$(dirname "$0")/.." && pwd)"
gocode=/usr/share/gocode/src
mkdir -p "$work"
export PATH="/opt/go/1.27/bin:$PATH" GOTOOLCHAIN=local GOPROXY=off

# name, directory, Debian package: the corpus, smallest first.
corpus=(
  "yamux       $gocode/github.com/hashicorp/yamux            golang-github-hashicorp-yamux-dev"
  "memberlist  $gocode/github.com/hashicorp/memberlist       golang-github-hashicorp-memberlist-dev"
  "go-kit-log  $gocode/github.com/go-kit/log                 golang-github-go-kit-log-dev"
  "go-plugin   $gocode/github.com/hashicorp/go-plugin        golang-github-hashicorp-go-plugin-dev"
  "raft        $gocode/github.com/hashicorp/raft             golang-github-hashicorp-raft-dev"
  "nats.go     $gocode/github.com/nats-io/nats.go            golang-github-nats-io-go-nats-dev"
  "pgx         $gocode/github.com/jackc/pgx/v4               golang-github-jackc-pgx-v4-dev"
  "kafka-go    $gocode/github.com/segmentio/kafka-go         golang-github-segmentio-kafka-go-dev"
  "miekg-dns   $gocode/github.com/miekg/dns                  golang-github-miekg-dns-dev"
  "serf        $gocode/github.com/hashicorp/serf             golang-github-hashicorp-serf-dev"
  "minio-go    $gocode/github.com/minio/minio-go/v7          golang-github-minio-minio-go-v7-dev"
  "nats-server $gocode/github.com/nats-io/nats-server        golang-github-nats-io-nats-server-dev"
  "grpc        $gocode/google.golang.org/grpc                golang-google-grpc-dev"
  "syncthing   $gocode/github.com/syncthing/syncthing        golang-github-syncthing-syncthing-dev"
  "etcd        $gocode/go.etcd.io/etcd                       golang-etcd-server-dev"
  "docker      $gocode/github.com/docker/docker              golang-github-docker-docker-dev"
)
[ "${GOTREE:-0}" = 1 ] && corpus=("go1.27      /opt/go/1.27/src                          (bash ../shared/tools/install-go.sh 1.27)" "${corpus[@]}")

goroscope=${GOROSCOPE:-}
if [ -z "$goroscope" ]; then
  echo "building goroscope (Native AOT) ..." >&2
  dotnet publish "$repo/src/Goroscope.Cli" -c Release -r linux-x64 -o "$work/aot" >/dev/null
  goroscope=$work/aot/Goroscope.Cli
fi

# Every rule, off-by-default ones included, named by the tool itself (its SARIF rule list).
mkdir -p "$work/empty"
mapfile -t rules < <("$goroscope" lint "$work/empty" --format sarif --fail-level none | jq -r '.runs[0].tool.driver.rules[].id')
enable=()
for rule in "${rules[@]}"; do enable+=(--enable "$rule"); done

ran=()
for entry in "${corpus[@]}"; do
  read -r name dir package <<<"$entry"
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  [ -d "$dir" ] || { echo "skipping $name: missing $dir ($package)" >&2; continue; }
  echo "linting $name ($dir) ..." >&2
  for tests in "" --include-tests; do
    out=$work/$name${tests:+-tests}.json
    (cd "$dir" && GO111MODULE=off GOPATH=/usr/share/gocode "$goroscope" lint . "${enable[@]}" $tests \
      --format json --fail-level none >"$out" 2>"${out%.json}.err") \
      || { echo "lint failed on $name $tests: $(head -1 "${out%.json}.err")" >&2; exit 1; }
  done
  ran+=("$name")
done

# The table: findings without tests / with tests, one row per rule, one column per project.
printf '| rule |'; for name in "${ran[@]}"; do printf ' %s |' "$name"; done; printf ' all |\n'
printf '|---|'; for _ in "${ran[@]}"; do printf -- '---:|'; done; printf -- '---:|\n'
for rule in "${rules[@]}" files packages; do
  printf '| %s |' "$rule"; total=0; total_tests=0
  for name in "${ran[@]}"; do
    if [ "$rule" = files ] || [ "$rule" = packages ]; then query=".summary.$rule"; else query=".summary.byRule[\"$rule\"] // 0"; fi
    n=$(jq "$query" "$work/$name.json"); t=$(jq "$query" "$work/$name-tests.json")
    total=$((total + n)); total_tests=$((total_tests + t))
    printf ' %s / %s |' "$n" "$t"
  done
  printf ' %s / %s |\n' "$total" "$total_tests"
done
echo
echo "findings (with tests) of each project: jq -r '.findings[] | \"\\(.ruleId) \\(.file):\\(.start.line) \\(.message)\"' $work/<project>-tests.json" >&2
