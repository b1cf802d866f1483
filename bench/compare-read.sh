#!/usr/bin/env bash
# Reading and analysing the 64 MiB benchmark dump, this tree against an earlier commit, in CPU time of the
# measuring thread (bench/Goroscope.ReadCost): both builds run alternately, ROUNDS rounds of RUNS runs each, so
# load from other work on the machine falls on both alike. Compare the best and median figures side by side.
#
#   bench/compare-read.sh [COMMIT] [DUMP]     # COMMIT 5b2acd9 (before issue 13) by default; ROUNDS=3 RUNS=15
#
# DUMP defaults to the complete dump bench/compare-analyze.sh records ($WORK/manyleaks.complete.debug2.txt).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/goroscope-bench}
commit=${1:-5b2acd9}
dump=${2:-$work/manyleaks.complete.debug2.txt}
rounds=${ROUNDS:-3}
runs=${RUNS:-15}
[ -s "$dump" ] || { echo "no dump at $dump: run bench/compare-analyze.sh first, or name one" >&2; exit 2; }

trees=$(mktemp -d)
trap 'rm -rf "$trees"' EXIT
git -C "$root" archive "$commit" | tar -x -C "$trees" --one-top-level=before
# build NAME GOROSCOPE_ROOT: the harness, from a copy of its own, against that tree's Goroscope
build() {
	cp -r "$root/bench/Goroscope.ReadCost" "$trees/harness-$1"
	dotnet build -c Release "$trees/harness-$1" -p:GoroscopeRoot="$2" -o "$work/readcost-$1" >"$trees/build-$1.log" 2>&1 ||
		{ cat "$trees/build-$1.log" >&2; exit 1; }
}
echo "building the harness against $commit and this tree ..." >&2
build before "$trees/before"
build after "$root"

echo "$(basename "$dump"): $(stat -c %s "$dump") bytes"
for round in $(seq "$rounds"); do
	for build in before after; do
		printf 'round %s %-6s ' "$round" "$build"
		"$work/readcost-$build/Goroscope.ReadCost" "$dump" "$runs"
	done
done
