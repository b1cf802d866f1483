#!/usr/bin/env bash
# Times `goroscope lint` (Native AOT, default rules: the typed ones resolve types) over the whole Go source tree,
# excluding testdata/ and vendor/ as lint does by default, with the tree's own go first on PATH (so imports resolve
# from that GOROOT, as `go vet std` does). Peers with VET=1: `go vet std` with an empty build cache (cold) and again
# (warm). NATS=1 times NATS server in GOPATH mode too (Debian's golang-github-nats-io-nats-server-dev sources under
# /usr/share/gocode): lint, go vet cold and warm, and staticcheck (Debian's go-staticcheck 2023.1, run with Debian's own
# Go 1.19 because it cannot read Go 1.27's export data: "unsupported version: 5"; for the same reason not on std).
# DOCKER=1 does the same for moby 20.10 (golang-github-docker-docker-dev), the largest project of the lint precision
# corpus (bench/lint-precision.sh), and times lint there once more with only the syntactic rules (no type resolution).
#
#   bench/lint-compare.sh [go-version]      # RUNS=3 WORK=/tmp/goroscope-lint-bench VET=0 NATS=0 DOCKER=0 STD=1 by default
# STD=0 leaves out the Go tree (and its vet).
#
# The machine may be shared: the load average is printed with each run, and the best wall time of RUNS is kept;
# CPU seconds (user + sys) and peak RSS are the figures that stay put under load.
set -euo pipefail
version="${1:-1.27}"
runs=${RUNS:-3}
work=${WORK:-/tmp/goroscope-lint-bench}
repo="$(cd "$(dirname "$0")/.." && pwd)"
go=/opt/go/$version
root=$go/src
[ -d "$root" ] || { echo "missing $root (bash ../shared/tools/install-go.sh $version)" >&2; exit 2; }
mkdir -p "$work"
export PATH="$go/bin:$PATH" GOTOOLCHAIN=local GOPROXY=off

echo "building goroscope (Native AOT) ..." >&2
dotnet publish "$repo/src/Goroscope.Cli" -c Release -r linux-x64 -o "$work/aot" >/dev/null
goroscope=$work/aot/Goroscope.Cli

# best NAME CMD...: runs CMD RUNS times; prints the best wall time, its user+sys CPU and peak RSS, and the exit code.
best() {
  local name=$1; shift
  local best_wall="" best_line=""
  for i in $(seq "$runs"); do
    echo "  $name run $i, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    local code=0
    /usr/bin/time -f "%e %U %S %M" "$@" >"$work/$name.out" 2>"$work/$name.err" || code=$?
    read -r wall user sys rss < <(tail -1 "$work/$name.err")
    echo "    $wall s wall, $(awk "BEGIN{print $user + $sys}") s CPU, $((rss / 1024)) MiB, exit $code" >&2
    if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then
      best_wall=$wall; best_line="$wall s wall, $(awk "BEGIN{print $user + $sys}") s CPU, $((rss / 1024)) MiB peak RSS, exit $code"
    fi
  done
  echo "$name: $best_line"
}

# vet NAME DIR PACKAGES...: go vet with an empty build cache, then warm (the cache the cold run filled).
vet() {
  local name=$1 dir=$2; shift 2
  rm -rf "$work/gocache-$name"
  (cd "$dir" && runs=1 && GOCACHE=$work/gocache-$name best "$name-vet-cold" go vet "$@")
  (cd "$dir" && GOCACHE=$work/gocache-$name best "$name-vet-warm" go vet "$@")
}

if [ "${STD:-1}" = 1 ]; then
  (cd "$root" && best lint "$goroscope" lint . --fail-level none)
  echo "  $(tail -2 "$work/lint.out" | tr '\n' ' ')"
  if [ "${VET:-0}" = 1 ]; then
    vet std "$root" std
  fi
fi

# gopath NAME DIR: lint (and with VET=1 go vet and staticcheck, cold and warm) on a project in GOPATH mode.
gopath() {
  local name=$1 dir=$2
  [ -d "$dir" ] || { echo "missing $dir (apt-get install the Debian -dev package)" >&2; exit 2; }
  (
    export GO111MODULE=off GOPATH=/usr/share/gocode
    (cd "$dir" && best "$name-lint" "$goroscope" lint . --fail-level none)
    echo "  $(tail -2 "$work/$name-lint.out" | tr '\n' ' ')"
    if [ "${VET:-0}" = 1 ]; then
      vet "$name" "$dir" ./...
      if command -v go-staticcheck >/dev/null; then
        rm -rf "$work/gocache-$name-staticcheck"
        (cd "$dir" && export PATH=/usr/bin:$PATH GOCACHE=$work/gocache-$name-staticcheck && runs=1 && best "$name-staticcheck-cold" go-staticcheck ./...)
        (cd "$dir" && export PATH=/usr/bin:$PATH GOCACHE=$work/gocache-$name-staticcheck && best "$name-staticcheck-warm" go-staticcheck ./...)
      fi
    fi
  )
}

if [ "${NATS:-0}" = 1 ]; then
  gopath nats /usr/share/gocode/src/github.com/nats-io/nats-server
fi

if [ "${DOCKER:-0}" = 1 ]; then
  docker=/usr/share/gocode/src/github.com/docker/docker
  gopath docker "$docker"
  typed=(double-lock lock-order lock-not-released cond-wait waitgroup-mismatch chan-op-under-lock orphan-channel close-skipped)
  disable=(); for rule in "${typed[@]}"; do disable+=(--disable "$rule"); done
  (cd "$docker" && export GO111MODULE=off GOPATH=/usr/share/gocode && \
    best docker-lint-syntactic "$goroscope" lint . --fail-level none "${disable[@]}")
  echo "  $(tail -2 "$work/docker-lint-syntactic.out" | tr '\n' ' ')"
fi
