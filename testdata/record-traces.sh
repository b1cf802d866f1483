#!/usr/bin/env bash
# Records the execution traces in testdata/traces/ from testdata/programs/traceleak with real Go toolchains,
# and, for each, what `go tool trace -d=parsed` (Go 1.27) prints for its syncs and state transitions — the
# reference the reader's cross-check tests compare against line by line.
#
# Usage: testdata/record-traces.sh [VERSION...]    VERSION in 1.19 1.23 1.27 (default: all three)
# Env:   GO_BASE=/opt/go  where the toolchains live
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
GO_BASE=${GO_BASE:-/opt/go}
versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then versions=(1.19 1.23 1.27); fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go_env() { echo "GOROOT=$GO_BASE/$1 GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GOCACHE=/tmp/gocache-$1 CGO_ENABLED=0"; }

for v in "${versions[@]}"; do
	out=$here/traces/go$v
	mkdir -p "$out"
	(cd "$here/programs/traceleak" && env $(go_env "$v") "$GO_BASE/$v/bin/go" build -o "$work/traceleak-$v" .)
	"$work/traceleak-$v" -o "$out/traceleak.trace"
	env $(go_env 1.27) "$GO_BASE/1.27/bin/go" tool trace -d=parsed "$out/traceleak.trace" \
		| grep -E '^M=.* (StateTransition|Sync) ' | sed 's/ Trace=.*//' >"$out/traceleak.parsed.txt"
	echo "go$v: $(wc -c <"$out/traceleak.trace") bytes, $(wc -l <"$out/traceleak.parsed.txt") reference lines"
done
