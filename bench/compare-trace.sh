#!/usr/bin/env bash
# Times `goroscope trace` side by side with `go tool trace -pprof=sched` (Go 1.27) on one execution trace of a
# busy worker pool (bench/programs/tracepool: 64 workers, 4 producers, a burst of 20 short goroutines every
# millisecond) traced for 3 s of run time — about 40–80 MB depending on how busy the machine is.
#
#   bench/compare-trace.sh              # RUNS=3 WORK=/tmp/goroscope-bench SECONDS_TRACED=3 by default
#
# Both run as shipped: goroscope as the Native AOT binary, go tool trace as the toolchain builds it. Runs of the
# two alternate, so load from other processes falls on both alike. Figures: best wall time and CPU time
# (user+sys) of RUNS, and the highest peak RSS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/goroscope-bench}
runs=${RUNS:-3}
traced=${SECONDS_TRACED:-3}
go=/opt/go/1.27
mkdir -p "$work"
[ -x "$go/bin/go" ] || { echo "needs Go 1.27: bash ../shared/tools/install-go.sh 1.27" >&2; exit 2; }

trace=$work/tracepool.trace
if [ ! -s "$trace" ]; then
  (cd "$root/bench/programs/tracepool" && GOROOT=$go GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod CGO_ENABLED=0 \
    GOCACHE=$work/gocache "$go/bin/go" build -o "$work/tracepool" .)
  "$work/tracepool" -o "$trace" -d "${traced}s"
fi
echo "building goroscope (Native AOT) ..." >&2
dotnet publish "$root/src/Goroscope.Cli" -c Release -r linux-x64 -o "$work/aot" >/dev/null
goroscope=$work/aot/Goroscope.Cli

declare -A wall cpu rss
run() {
  local name=$1 w c k
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/$name.out" 2>"$work/$name.err"
  read -r w u s k < <(tail -n 1 "$work/time")
  c=$(awk "BEGIN{print $u+$s}")
  if [ -z "${wall[$name]:-}" ] || awk "BEGIN{exit !($w < ${wall[$name]})}"; then wall[$name]=$w; fi
  if [ -z "${cpu[$name]:-}" ] || awk "BEGIN{exit !($c < ${cpu[$name]})}"; then cpu[$name]=$c; fi
  if [ "$k" -gt "${rss[$name]:-0}" ]; then rss[$name]=$k; fi
}
for _ in $(seq "$runs"); do
  run goroscope "$goroscope" trace "$trace" --format json
  run go-tool-trace env GOROOT=$go "$go/bin/go" tool trace -pprof=sched "$trace"
  run goroscope-pprof "$goroscope" trace "$trace" --pprof sched -o "$work/sched.pb.gz"
done

mib=$(awk "BEGIN{printf \"%.1f\", $(stat -c %s "$trace")/1048576}")
echo "input: $trace, $mib MiB"
for name in goroscope goroscope-pprof go-tool-trace; do
  printf '%-18s %7.2f s wall %7.2f s cpu %7.0f MiB/s %7.0f MiB peak RSS\n' "$name" "${wall[$name]}" "${cpu[$name]}" \
    "$(awk "BEGIN{print $mib/${wall[$name]}}")" "$(awk "BEGIN{print ${rss[$name]}/1024}")"
done
awk "BEGIN{printf \"goroscope trace vs go tool trace -pprof=sched: %.1fx faster (wall), %.1fx less CPU, %.1fx less memory\n\", \
  ${wall[go-tool-trace]}/${wall[goroscope]}, ${cpu[go-tool-trace]}/${cpu[goroscope]}, ${rss[go-tool-trace]}/${rss[goroscope]}}"
awk "BEGIN{printf \"goroscope trace --pprof sched vs go tool trace -pprof=sched: %.1fx faster (wall), %.1fx less memory\n\", \
  ${wall[go-tool-trace]}/${wall[goroscope-pprof]}, ${rss[go-tool-trace]}/${rss[goroscope-pprof]}}"
