#!/usr/bin/env bash
# Times Goroscope.GoTypes resolving every package of a Go source tree (all function bodies) against go/types
# doing the same (tests/Goroscope.GoTypes.Tests/checker, importing from source), and with VET=1 `go vet std`
# warm (its build cache filled by a first, untimed run: cold, it compiles the standard library first).
#
#   bench/types-compare.sh [go-version]      # RUNS=3 WORK=/tmp/goroscope-types-bench VET=0 by default
#
# The machine may be shared: the load average is printed with each run, and the best wall time of RUNS is kept.
set -euo pipefail
version="${1:-1.27}"
runs=${RUNS:-3}
work=${WORK:-/tmp/goroscope-types-bench}
repo="$(cd "$(dirname "$0")/.." && pwd)"
go=/opt/go/$version
root=$go/src
[ -d "$root" ] || { echo "missing $root (bash ../shared/tools/install-go.sh $version)" >&2; exit 2; }
mkdir -p "$work"
export GOTOOLCHAIN=local CGO_ENABLED=0

echo "building ..." >&2
dotnet build -c Release "$repo/bench/Goroscope.GoTypes.Benchmarks" -o "$work/bench" >/dev/null
(cd "$repo/tests/Goroscope.GoTypes.Tests/checker" && "$go/bin/go" build -o "$work/checker" .)

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

best goroscope dotnet "$work/bench/Goroscope.GoTypes.Benchmarks.dll" resolve "$root"
echo "  $(head -1 "$work/goroscope.out")"
# The same package directories the resolver found (it prints nothing else in resolve mode): walk as it does.
find "$root/" -type d \( -name testdata -o -name vendor -o -name '.*' -o -name '_*' \) -prune -o -type f -name '*.go' -printf '%h\n' \
  | sort -u > "$work/dirs"
best go-types xargs -a "$work/dirs" "$work/checker"

[ "${VET:-0}" = 1 ] || exit 0
export GOROOT=$go GOCACHE=$work/gocache
(cd "$root" && "$go/bin/go" vet std >/dev/null 2>&1 || true)   # warm the build cache
(cd "$root" && best vet-warm "$go/bin/go" vet std)
