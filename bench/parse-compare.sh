#!/usr/bin/env bash
# Times Goroscope.GoSyntax (scanner, parser on 1 thread, parser on all cores) and go/parser
# (1 thread) on the same Go source tree, from memory, in one run.
# Usage: bench/parse-compare.sh [go-version] [iterations]
set -euo pipefail
version="${1:-1.27}"
iterations="${2:-5}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
root="/opt/go/$version/src"
[ -d "$root" ] || { echo "missing $root (bash /work/shared/tools/install-go.sh $version)" >&2; exit 2; }
bench="$repo/bench/Goroscope.GoSyntax.Benchmarks/bin/Release/net10.0/Goroscope.GoSyntax.Benchmarks.dll"

echo "== $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build -c Release --nologo -v q "$repo/bench/Goroscope.GoSyntax.Benchmarks" >/dev/null
# One thread: server GC with a single heap, so one GC thread runs while the parser waits.
DOTNET_GCHeapCount=1 dotnet "$bench" --mode single --iterations "$iterations" "$root"
# One thread with .NET's default (workstation) GC, for reference.
DOTNET_gcServer=0 dotnet "$bench" --mode single --iterations "$iterations" "$root"
# All cores: server GC, one heap per core.
dotnet "$bench" --mode parallel --iterations "$iterations" "$root"
(cd "$repo/testdata/tools/goparse-bench" &&
  GOROOT=/opt/go/1.27 GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod \
  /opt/go/1.27/bin/go run . -iterations "$iterations" "$root")
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
