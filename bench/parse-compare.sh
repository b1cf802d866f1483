#!/usr/bin/env bash
# Times Goroscope.GoSyntax (1 thread and all cores) and go/parser (1 thread) on the
# same Go source tree, in one run. Usage: bench/parse-compare.sh [go-version] [iterations]
set -euo pipefail
version="${1:-1.27}"
iterations="${2:-5}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
root="/opt/go/$version/src"
[ -d "$root" ] || { echo "missing $root (bash /work/shared/tools/install-go.sh $version)" >&2; exit 2; }

echo "== machine: $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build -c Release --nologo -v q "$repo/bench/Goroscope.GoSyntax.Benchmarks" >/dev/null
dotnet "$repo/bench/Goroscope.GoSyntax.Benchmarks/bin/Release/net10.0/Goroscope.GoSyntax.Benchmarks.dll" --iterations "$iterations" "$root"
(cd "$repo/testdata/tools/goparse-bench" &&
  GOROOT=/opt/go/1.27 GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod \
  /opt/go/1.27/bin/go run . -iterations "$iterations" "$root")
