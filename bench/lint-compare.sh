#!/usr/bin/env bash
# Times `goroscope lint` (Native AOT) over the whole Go source tree, excluding testdata/ and vendor/
# as lint does by default, and with VET=1, as a peer reference, `go vet -lostcancel std` (one analyzer,
# but with full type checking; its build cache is warmed by a first untimed run, which takes many minutes).
#
#   bench/lint-compare.sh [go-version]      # RUNS=3 WORK=/tmp/goroscope-lint-bench VET=0 by default
#
# The machine may be shared: the load average is printed with each run, and the best wall time of RUNS is kept.
set -euo pipefail
version="${1:-1.27}"
runs=${RUNS:-3}
work=${WORK:-/tmp/goroscope-lint-bench}
repo="$(cd "$(dirname "$0")/.." && pwd)"
go=/opt/go/$version
root=$go/src
[ -d "$root" ] || { echo "missing $root (bash ../shared/tools/install-go.sh $version)" >&2; exit 2; }
mkdir -p "$work"

echo "building goroscope (Native AOT) ..." >&2
dotnet publish "$repo/src/Goroscope.Cli" -c Release -r linux-x64 -o "$work/aot" >/dev/null
goroscope=$work/aot/Goroscope.Cli

# best NAME CMD...: runs CMD RUNS times; prints the best wall time, its user+sys CPU and peak RSS.
best() {
  local name=$1; shift
  local best_wall="" best_line=""
  for i in $(seq "$runs"); do
    echo "  $name run $i, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    /usr/bin/time -f "%e %U %S %M" "$@" >"$work/$name.out" 2>"$work/$name.err" || true
    read -r wall user sys rss < <(tail -1 "$work/$name.err")
    if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then
      best_wall=$wall; best_line="$wall s wall, $(awk "BEGIN{print $user + $sys}") s CPU, $((rss / 1024)) MiB peak RSS"
    fi
  done
  echo "$name: $best_line"
}

(cd "$root" && best lint "$goroscope" lint . --fail-level none)
echo "  $(tail -1 "$work/lint.out")"

[ "${VET:-0}" = 1 ] || exit 0
export GOROOT=$go GOTOOLCHAIN=local GOPROXY=off GOCACHE=$work/gocache
(cd "$root" && "$go/bin/go" vet -lostcancel std >/dev/null 2>&1 || true)   # warm the build cache
(cd "$root" && best vet "$go/bin/go" vet -lostcancel std)
