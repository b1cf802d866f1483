#!/usr/bin/env bash
# Times `goroscope analyze` side by side with `panicparse -aggressive` (Debian package panicparse) on the
# input the runtime caps debug=2 dumps at: 64 MiB, about 89,000 goroutines with stacks 4 to 8 frames of
# recursion deep, from a Go program that parks 420,000 goroutines (bench/programs/manyleaks).
#
#   bench/compare-analyze.sh            # RUNS=3 WORK=/tmp/goroscope-bench by default
#
# Goroscope runs as the Native AOT build, pinned to one core (taskset -c 0); panicparse runs unpinned.
# panicparse stops with an error at the goroutine the cap cut, so both also read the same dump cut back to
# its last complete goroutine. Figures: best wall time of RUNS, peak RSS, buckets printed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/goroscope-bench}
runs=${RUNS:-3}
go=/opt/go/1.27
mkdir -p "$work"
command -v panicparse >/dev/null || { echo "needs panicparse: apt-get install -y panicparse" >&2; exit 2; }
[ -x "$go/bin/go" ] || { echo "needs Go 1.27: bash ../shared/tools/install-go.sh 1.27" >&2; exit 2; }

dump=$work/manyleaks.debug2.txt
if [ ! -s "$dump" ]; then
  echo "generating $dump (about a minute) ..." >&2
  (cd "$root/bench/programs/manyleaks" && GOROOT=$go GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod CGO_ENABLED=0 \
    GOCACHE=$work/gocache "$go/bin/go" build -o "$work/manyleaks" .)
  "$work/manyleaks" -out "$dump" -out1 "$work/manyleaks.debug1.txt" >&2
fi
complete=$work/manyleaks.complete.debug2.txt
if [ ! -s "$complete" ]; then
  python3 - "$dump" "$complete" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
open(sys.argv[2], 'wb').write(data[:data.rindex(b'\n\n') + 1])
PY
fi

echo "building goroscope (Native AOT) ..." >&2
dotnet publish "$root/src/Goroscope.Cli" -c Release -r linux-x64 -o "$work/aot" >/dev/null
goroscope=$work/aot/Goroscope.Cli

# measure NAME INPUT CMD...: best wall seconds and peak RSS (MiB) of RUNS runs; the command's stdout goes to $work/NAME.out
measure() {
  local name=$1 input=$2 best="" rss=0 wall kb
  shift 2
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/$name.out" 2>"$work/$name.err" || true
    read -r wall kb < <(tail -n 1 "$work/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  local mib; mib=$(awk "BEGIN{print $(stat -c %s "$input")/1048576}")
  printf '%-34s %8.2f s %9.0f MiB/s %7.0f MiB RSS\n' "$name" "$best" "$(awk "BEGIN{print $mib/($best>0?$best:0.001)}")" "$(awk "BEGIN{print $rss/1024}")"
  echo "$best" >"$work/$name.best"
}

buckets_goroscope() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['bucketCount'])" "$work/$1.out"; }
buckets_panicparse() { grep -cE '^[0-9]+: ' "$work/$1.out" || true; }

echo "input: $(stat -c %s "$dump") bytes ($(grep -c '^goroutine ' "$dump") goroutine headers), cut to the last complete goroutine: $(stat -c %s "$complete") bytes"
measure goroscope-cut-dump "$dump" taskset -c 0 "$goroscope" analyze "$dump" --format json
measure goroscope-complete "$complete" taskset -c 0 "$goroscope" analyze "$complete" --format json
measure panicparse-aggressive-complete "$complete" panicparse -aggressive "$complete"
measure panicparse-aggressive-cut-dump "$dump" panicparse -aggressive "$dump"
echo "buckets: goroscope $(buckets_goroscope goroscope-complete) (cut dump: $(buckets_goroscope goroscope-cut-dump)), panicparse -aggressive $(buckets_panicparse panicparse-aggressive-complete) (cut dump: exit $(tail -1 "$work/panicparse-aggressive-cut-dump.err" | cut -c1-80))"
echo "speed-up on the complete dump: $(awk "BEGIN{printf \"%.1f\", $(cat "$work/panicparse-aggressive-complete.best")/$(cat "$work/goroscope-complete.best")}")x"
