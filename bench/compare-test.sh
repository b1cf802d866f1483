#!/usr/bin/env bash
# Times `goroscope test ./...` side by side with plain `go test ./...` (Go 1.27, -count=1 on both) on go.uber.org/zap
# 1.23 (13 packages, 10 with tests), from Debian's sources (apt-get install golang-go.uber-zap-dev golang-github-pkg-errors-dev),
# copied with its dependencies off the network: each dependency is a `replace` to its Debian source tree.
#
#   bench/compare-test.sh              # RUNS=3 WORK=/tmp/goroscope-bench-test by default
#
# goroscope runs as shipped (the Native AOT binary). Runs
# of the two alternate, so load from other processes falls on both alike; the first go test run fills the build
# cache for both and is not counted. Figures: best wall time of RUNS, and each side's exit status.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/goroscope-bench-test}
runs=${RUNS:-3}
go=/opt/go/1.27
src=/usr/share/gocode/src
[ -x "$go/bin/go" ] || { echo "needs Go 1.27: bash ../shared/tools/install-go.sh 1.27" >&2; exit 2; }
[ -d "$src/go.uber.org/zap" ] && [ -d "$src/github.com/pkg/errors" ] \
  || { echo "needs apt-get install golang-go.uber-zap-dev golang-github-pkg-errors-dev" >&2; exit 2; }

rm -rf "$work/zap" "$work/deps"
mkdir -p "$work/deps"
cp -r "$src/go.uber.org/zap" "$work/zap"
# Upstream, zapgrpc/internal/test is a module of its own (it needs gRPC); Debian ships it without its go.mod.
rm -rf "$work/zap/go.sum" "$work/zap/zapgrpc/internal/test"
for module in go.uber.org/atomic go.uber.org/multierr go.uber.org/goleak github.com/benbjohnson/clock github.com/pkg/errors \
  github.com/stretchr/testify github.com/stretchr/objx github.com/davecgh/go-spew github.com/pmezard/go-difflib gopkg.in/yaml.v3; do
  mkdir -p "$work/deps/$(dirname "$module")"
  cp -r "$src/$module" "$work/deps/$module"
  [ -f "$work/deps/$module/go.mod" ] || printf 'module %s\n\ngo 1.18\n' "$module" >"$work/deps/$module/go.mod"
  echo "replace $module => $work/deps/$module" >>"$work/zap/go.mod"
done
export GOROOT=$go GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GONOSUMDB='*' GOCACHE=$work/gocache
cd "$work/zap"
echo "$("$go/bin/go" list ./... | wc -l) packages; filling the build cache ..." >&2
"$go/bin/go" test -count=1 ./... >"$work/warmup.out" 2>&1 || true

echo "building goroscope (Native AOT) ..." >&2
dotnet publish "$root/src/Goroscope.Cli" -c Release -r linux-x64 -o "$work/aot" >/dev/null
goroscope=$work/aot/Goroscope.Cli

declare -A wall status
run() {
  local name=$1 w code=0
  shift
  /usr/bin/time -f "%e" -o "$work/time" "$@" >"$work/$name.out" 2>"$work/$name.err" || code=$?
  w=$(tail -n 1 "$work/time")
  status[$name]=$code
  if [ -z "${wall[$name]:-}" ] || awk "BEGIN{exit !($w < ${wall[$name]})}"; then wall[$name]=$w; fi
}
for _ in $(seq "$runs"); do
  run go-test "$go/bin/go" test -count=1 ./...
  run goroscope-test "$goroscope" test --go "$go/bin/go" -count=1 ./...
done

for name in go-test goroscope-test; do
  printf '%-15s %7.2f s wall (exit %s)\n' "$name" "${wall[$name]}" "${status[$name]}"
done
awk "BEGIN{printf \"goroscope test vs go test: %.2fx the wall time\n\", ${wall[goroscope-test]}/${wall[go-test]}}"
