#!/usr/bin/env bash
# Times Goroscope.GoSyntax (scanner; parser on 1 thread; parser on all cores) and go/parser
# (1 thread) on the same Go source tree, from memory, in one run. The machine may be shared,
# so the measurements are interleaved over several rounds and the best of each is summarized.
# Usage: bench/parse-compare.sh [go-version] [iterations] [rounds]
set -euo pipefail
version="${1:-1.27}"
iterations="${2:-5}"
rounds="${3:-3}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
root="/opt/go/$version/src"
[ -d "$root" ] || { echo "missing $root (bash /work/shared/tools/install-go.sh $version)" >&2; exit 2; }
bench="$repo/bench/Goroscope.GoSyntax.Benchmarks/bin/Release/net10.0/Goroscope.GoSyntax.Benchmarks.dll"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

dotnet build -c Release --nologo -v q "$repo/bench/Goroscope.GoSyntax.Benchmarks" >/dev/null
(cd "$repo/testdata/tools/goparse-bench" &&
  GOROOT=/opt/go/1.27 GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod /opt/go/1.27/bin/go build -o "$log.gobench" .)
trap 'rm -f "$log" "$log.gobench"' EXIT

for round in $(seq "$rounds"); do
  echo "== round $round, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  {
    # One thread: server GC with a single heap, so one GC thread runs while the parser waits.
    DOTNET_GCHeapCount=1 dotnet "$bench" --mode single --iterations "$iterations" "$root"
    # One thread with .NET's default (workstation) GC, for reference.
    DOTNET_gcServer=0 dotnet "$bench" --mode single --iterations "$iterations" "$root"
    # All cores: server GC, one heap per core.
    dotnet "$bench" --mode parallel --iterations "$iterations" "$root"
    "$log.gobench" -iterations "$iterations" "$root"
  } | tee -a "$log"
done

echo "== best of $rounds rounds (MB/s)"
grep 'MB/s' "$log" | sed -E 's/ +files=.* ([0-9.]+) MB\/s.*/\t\1/' |
  awk -F'\t' '{ if (!($1 in best) || $2 > best[$1]) best[$1] = $2 } END { for (k in best) printf "%7.1f  %s\n", best[k], k }' |
  sort -k2
