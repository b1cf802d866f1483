#!/usr/bin/env bash
# Rebuilds the recorded goroutine dumps in testdata/dumps/ from the programs in
# testdata/programs/, with real Go toolchains, and checks them against
# testdata/dumps/EXPECTED.tsv. Idempotent: each recorded file is deleted and rewritten.
#
# Usage: testdata/record.sh [VERSION...]        VERSION in 1.19 1.23 1.27 (default: all three)
# Env:   RECORD_SLOW=1  also record the 65 s "minutes" dump (Go 1.27)
#        ONLY="hung deadlock"  record only these programs (each with the versions given)
#        GO_BASE=/opt/go  where the toolchains live (GO_BASE/1.19/bin/go, ...)
#
# Updates the rows of testdata/dumps/SOURCES.md for the files it rewrote.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
progs=$here/programs
dumps=$here/dumps
GO_BASE=${GO_BASE:-/opt/go}
versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then versions=(1.19 1.23 1.27); fi
today=$(date -u +%Y-%m-%d)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rows=$work/rows # new SOURCES.md rows: file<TAB>version<TAB>program<TAB>command
: >"$rows"
failed=0

has() { local v; for v in "${versions[@]}"; do [ "$v" = "$1" ] && return 0; done; return 1; }

# go_env V: the environment every go command runs with (printed into SOURCES.md).
# CGO_ENABLED=0 except for the cgo program (CGO=1 in the environment).
go_env() { echo "GOROOT=$GO_BASE/$1 GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GOCACHE=/tmp/gocache-$1 CGO_ENABLED=${CGO:-0}"; }

gocmd() { local v=$1; shift; env $(go_env "$v") "$GO_BASE/$v/bin/go" "$@"; }

# build V PROG [GOMOD_GO_VERSION]: builds testdata/programs/PROG into $work/bin/V/PROG.
# With GOMOD_GO_VERSION, builds with an alternate go.mod saying `go GOMOD_GO_VERSION`
# (-modfile), so the sources and their paths in the traces stay the same.
build() {
	local v=$1 prog=$2 modgo=${3:-} out=$work/bin/$1/$2 modflag=()
	if [ -n "$modgo" ]; then
		out=$out-go$modgo
		sed "s/^go .*/go $modgo/" "$progs/$prog/go.mod" >"$work/$prog-go$modgo.mod"
		modflag=(-modfile="$work/$prog-go$modgo.mod")
	fi
	mkdir -p "$(dirname "$out")"
	(cd "$progs/$prog" && gocmd "$v" build "${modflag[@]}" -o "$out" .)
	echo "$out"
}

# buildcmd V PROG [GOMOD]: the build command as text for SOURCES.md.
buildcmd() {
	local mod=""
	[ -n "${3:-}" ] && mod=" -modfile=go$3.mod (copy of go.mod saying go $3)"
	echo "(cd testdata/programs/$2 && $(go_env "$1") $GO_BASE/$1/bin/go build$mod -o \$BIN .)"
}

row() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$rows"; }

summary=$(build 1.27 dumpsummary)

# check PROG V FILE [FLAGS...]: verifies a debug=2 dump against EXPECTED.tsv.
check() {
	local prog=$1 v=$2 file=$3
	shift 3
	if ! "$summary" -check "$dumps/EXPECTED.tsv" -program "$prog" -version "go$v" "$@" "$file"; then
		failed=1
	fi
}

# check1 PROG V FILE [FLAGS...]: verifies a debug=1 dump against EXPECTED.tsv.
check1() { check "$1" "$2" "$3" -debug1 "${@:4}"; }

# checkpb PB DEBUG1: the debug=0 profile's samples add up to the debug=1 file's total.
checkpb() {
	local got want
	got=$(GOROOT=$GO_BASE/1.27 "$GO_BASE/1.27/bin/go" tool pprof -raw "$1" 2>/dev/null |
		awk '/^Samples:/ {s = 1; next} /^Locations/ {s = 0} s && $1 ~ /^[0-9]+:$/ {t += $1} END {print t + 0}')
	want=$(sed -n '1s/.*total \([0-9]*\).*/\1/p' "$2")
	if [ "$got" != "$want" ]; then
		echo "MISMATCH $1: samples add up to $got, $2 says total $want" >&2
		failed=1
	else
		echo "ok $1: $got goroutines" >&2
	fi
}

# fresh DIR FILE...: makes DIR and deletes the named files in it.
fresh() { local d=$1 f; shift; mkdir -p "$d"; for f in "$@"; do rm -f "$d/$f"; done; }

# ---------------------------------------------------------------- leakzoo
record_leakzoo() {
	local v=$1 out=$dumps/go$1 bin
	mkdir -p "$out"
	rm -f "$out"/leakzoo.debug2.txt "$out"/leakzoo.debug1.txt "$out"/leakzoo.debug0.pb.gz \
		"$out"/leakzoo.leak.debug2.txt "$out"/leakzoo.leak.debug1.txt "$out"/leakzoo.leak.debug0.pb.gz
	bin=$(build "$v" leakzoo)
	"$bin" -out "$out" >/dev/null
	local f
	for f in debug2.txt debug1.txt debug0.pb.gz leak.debug2.txt leak.debug1.txt leak.debug0.pb.gz; do
		[ -f "$out/leakzoo.$f" ] && row "go$v/leakzoo.$f" "$v" leakzoo "$(buildcmd "$v" leakzoo) && \$BIN -out testdata/dumps/go$v"
	done
	check leakzoo "$v" "$out/leakzoo.debug2.txt"
	check1 leakzoo "$v" "$out/leakzoo.debug1.txt"
	checkpb "$out/leakzoo.debug0.pb.gz" "$out/leakzoo.debug1.txt"
	if [ -f "$out/leakzoo.leak.debug2.txt" ]; then
		check leakzoo "$v" "$out/leakzoo.leak.debug2.txt" -leak
		check1 leakzoo "$v" "$out/leakzoo.leak.debug1.txt" -leak
		checkpb "$out/leakzoo.leak.debug0.pb.gz" "$out/leakzoo.leak.debug1.txt"
	fi
}

# leakzoo twice, as separate processes, with every leak count times 1 and times 3
# (before/after pair for diffing). Go 1.27.
record_scale() {
	local v=$1 out=$dumps/go$1 bin s f
	bin=$(build "$v" leakzoo)
	for s in 1 3; do
		fresh "$out" leakzoo.scale$s.debug2.txt leakzoo.scale$s.debug1.txt leakzoo.scale$s.debug0.pb.gz
		"$bin" -scale $s -prefix leakzoo.scale$s -leakprofile=false -out "$out" >/dev/null
		for f in debug2.txt debug1.txt debug0.pb.gz; do
			row "go$v/leakzoo.scale$s.$f" "$v" leakzoo "$(buildcmd "$v" leakzoo) && \$BIN -scale $s -prefix leakzoo.scale$s -leakprofile=false -out testdata/dumps/go$v"
		done
		check leakzoo.scale$s "$v" "$out/leakzoo.scale$s.debug2.txt"
		check1 leakzoo.scale$s "$v" "$out/leakzoo.scale$s.debug1.txt"
		checkpb "$out/leakzoo.scale$s.debug0.pb.gz" "$out/leakzoo.scale$s.debug1.txt"
	done
}

# crash: GOTRACEBACK=all panic trace, and GOTRACEBACK=crash SIGQUIT trace (stderr only).
record_crash() {
	local v=$1 out=$dumps/go$1 bin pid rc i
	fresh "$out" crash.panic.txt crash.sigquit.txt
	bin=$(build "$v" crash)
	rc=0
	GOTRACEBACK=all "$bin" -mode panic 2>"$out/crash.panic.txt" || rc=$?
	[ "$rc" -eq 2 ] || { echo "crash -mode panic: exit $rc, want 2" >&2; failed=1; }
	row "go$v/crash.panic.txt" "$v" crash "$(buildcmd "$v" crash) && GOTRACEBACK=all \$BIN -mode panic 2>crash.panic.txt (exit 2)"
	check crash "$v" "$out/crash.panic.txt"

	(ulimit -c 0; GOTRACEBACK=crash exec "$bin" -mode wait >"$work/crash.stdout" 2>"$out/crash.sigquit.txt") &
	pid=$!
	for i in $(seq 200); do grep -q ready "$work/crash.stdout" && break; sleep 0.1; done
	kill -QUIT "$pid"
	rc=0
	wait "$pid" 2>/dev/null || rc=$? # 134: GOTRACEBACK=crash aborts after the dump
	[ "$rc" -eq 134 ] || { echo "crash -mode wait: exit $rc after SIGQUIT, want 134 (SIGABRT)" >&2; failed=1; }
	row "go$v/crash.sigquit.txt" "$v" crash "$(buildcmd "$v" crash) && (ulimit -c 0; GOTRACEBACK=crash \$BIN -mode wait 2>crash.sigquit.txt) & (after it prints ready) kill -QUIT \$PID (exit 134, SIGABRT)"
	check crash-sigquit "$v" "$out/crash.sigquit.txt" -partial
}

# simple PROG V FILE...: builds PROG, runs it with -out, checks PROG.debug2.txt.
# Extra environment for the run in RUNENV (e.g. GODEBUG=...), build go.mod version in MODGO.
simple() {
	local prog=$1 v=$2 out=$dumps/go$2 bin f
	shift 2
	fresh "$out" "$@"
	bin=$(build "$v" "$prog" "${MODGO:-}")
	env ${RUNENV:-} "$bin" -out "$out" ${ARGS:-} >/dev/null
	for f in "$@"; do
		row "go$v/$f" "$v" "$prog" "$(buildcmd "$v" "$prog" "${MODGO:-}") && ${RUNENV:+$RUNENV }\$BIN -out testdata/dumps/go$v${ARGS:+ $ARGS}"
	done
	check "$prog" "$v" "$out/$prog.debug2.txt"
	if [ -f "$out/$prog.debug1.txt" ]; then check1 "$prog" "$v" "$out/$prog.debug1.txt"; fi
	if [ -f "$out/$prog.debug0.pb.gz" ]; then checkpb "$out/$prog.debug0.pb.gz" "$out/$prog.debug1.txt"; fi
}

record_labels() {
	local v=$1 out=$dumps/go$1
	# go.mod saying go 1.27: Go 1.27 prints the labels in debug=2 headers.
	MODGO=1.27 simple labels "$v" labels.debug2.txt labels.debug1.txt labels.debug0.pb.gz
	# the default go.mod (go 1.19): no labels in debug=2 headers; only debug2 is kept.
	local bin
	fresh "$out" labels.nolabels.debug2.txt
	bin=$(build "$v" labels)
	"$bin" -prefix labels.nolabels -out "$work" >/dev/null
	cp "$work/labels.nolabels.debug2.txt" "$out/"
	row "go$v/labels.nolabels.debug2.txt" "$v" labels "$(buildcmd "$v" labels) && \$BIN -prefix labels.nolabels -out DIR (only the debug2 file kept)"
	check labels.nolabels "$v" "$out/labels.nolabels.debug2.txt"
}

record_synctest() {
	local v=$1 out=$dumps/go$1 bin=$work/bin/$1/synctest.test
	fresh "$out" synctest.debug2.txt synctest.debug1.txt
	(cd "$progs/synctest" && gocmd "$v" test -c -o "$bin" .)
	DUMP_OUT="$out/synctest.debug2.txt" DUMP_OUT1="$out/synctest.debug1.txt" "$bin" -test.run TestDumpInBubble >/dev/null
	local f
	for f in synctest.debug2.txt synctest.debug1.txt; do
		row "go$v/$f" "$v" synctest "(cd testdata/programs/synctest && $(go_env "$v") $GO_BASE/$v/bin/go test -c -o \$BIN .) && DUMP_OUT=testdata/dumps/go$v/synctest.debug2.txt DUMP_OUT1=testdata/dumps/go$v/synctest.debug1.txt \$BIN -test.run TestDumpInBubble"
	done
	check synctest "$v" "$out/synctest.debug2.txt" -pkg synctestdump.
	check1 synctest "$v" "$out/synctest.debug1.txt" -pkg synctestdump.
}

# hung: four real-world bug shapes in one live service (a heartbeat keeps running); Go 1.26+ also
# writes the goroutineleak debug=2 dump, where the runtime marks the stranded goroutines (leaked).
record_hung() {
	local v=$1 files=(hung.debug2.txt hung.debug1.txt)
	[ "$v" = 1.27 ] && files+=(hung.leak.debug2.txt)
	simple hung "$v" "${files[@]}"
	if [ -f "$dumps/go$v/hung.leak.debug2.txt" ]; then check hung "$v" "$dumps/go$v/hung.leak.debug2.txt" -leak; fi
}

# The programs of one Go 1.27 feature each: debug=2 and its debug=1 twin.
record_ancestors() { RUNENV=GODEBUG=tracebackancestors=5 simple ancestors "$1" ancestors.debug2.txt ancestors.debug1.txt; }
record_locked() { simple locked "$1" locked.debug2.txt locked.debug1.txt; }
record_cgo() {
	if command -v gcc >/dev/null; then
		CGO=1 simple cgo "$1" cgo.debug2.txt cgo.debug1.txt
	else
		echo "record.sh: no gcc, cgo dumps not re-recorded" >&2
	fi
}
record_minutes() {
	if [ "${RECORD_SLOW:-}" = 1 ]; then
		simple minutes "$1" minutes.debug2.txt minutes.debug1.txt # waits 65 s
	else
		echo "record.sh: RECORD_SLOW=1 not set, minutes dumps not re-recorded" >&2
	fi
}

# deadlock: the runtime's own "all goroutines are asleep" crash, on stderr (exit 2).
record_deadlock() {
	local v=$1 out=$dumps/go$1 bin rc=0
	fresh "$out" deadlock.txt
	bin=$(build "$v" deadlock)
	"$bin" 2>"$out/deadlock.txt" || rc=$?
	[ "$rc" -eq 2 ] || { echo "deadlock: exit $rc, want 2" >&2; failed=1; }
	row "go$v/deadlock.txt" "$v" deadlock "$(buildcmd "$v" deadlock) && \$BIN 2>deadlock.txt (exit 2)"
	check deadlock "$v" "$out/deadlock.txt"
}

if [ -n "${ONLY:-}" ]; then
	for v in "${versions[@]}"; do
		for p in $ONLY; do "record_$p" "$v"; done
	done
else
for v in "${versions[@]}"; do
	record_leakzoo "$v"
	record_crash "$v"
	simple deep "$v" deep.debug2.txt deep.debug1.txt
	record_hung "$v"
	record_deadlock "$v"
done
if has 1.27; then
	record_scale 1.27
	record_ancestors 1.27
	record_locked 1.27
	record_labels 1.27
	record_synctest 1.27
	record_cgo 1.27
	record_minutes 1.27
fi
fi

# ---------------------------------------------------------------- SOURCES.md
# Keep the rows of files not rewritten now, replace the others.
src=$dumps/SOURCES.md
old=$work/old
: >"$old"
if [ -f "$src" ]; then
	# table rows look like: | `file` | version | program | `command` | date |
	grep '^| `' "$src" >"$old" || true
fi
{
	cut -f1 "$rows" | sed 's/.*/| `&` |/' >"$work/newfiles"
	grep -v -F -f "$work/newfiles" "$old" || true
	while IFS=$'\t' read -r file ver prog cmd; do
		printf '| `%s` | %s | %s | `%s` | %s |\n' "$file" "$ver" "$prog" "$cmd" "$today"
	done <"$rows"
} | sort -u >"$work/table"
{
	cat <<'EOF'
# Sources of the recorded dumps

Every file here is written by `testdata/record.sh` (run from the repository root) with
real Go toolchains; nothing is hand-edited. `EXPECTED.tsv` says what each dump must
contain; `record.sh` checks every debug=2 recording against it with
`testdata/programs/dumpsummary`. Commands are run from the repository root;
`$BIN` is the binary just built.

Toolchains: go1.19.8, go1.23.5, go1.27.3 (linux/amd64), run with `GOTOOLCHAIN=local
GOPROXY=off GOFLAGS=-mod=mod`, standard library only, `CGO_ENABLED=0` except `cgo`.
File paths inside the traces are the absolute paths of the checkout that recorded them
(`/work/main/testdata/programs/...`; `hung` and `deadlock`: `/work/h-evidence/...`) and of the
toolchains (`/opt/go/V/src/...`).

`EXPECTED.tsv` columns (tab-separated, one row per group of identical goroutines):
`program` (the program, or `leakzoo.scale1`/`leakzoo.scale3`, `crash` for
`crash.panic.txt`, `crash-sigquit`, `labels.nolabels`), `pattern` (catalog id, or
`healthy`/`busy`/`self`/`testing`/`panic`/`cgo`), `variant`, `count` (exact),
then per version (`_go1.19`, `_go1.23`, `_go1.27`; `-` = not recorded for that version):
`func_` the blocking function as printed: the first frame from the top in the program's
package (`main.`, `synctestdump.` for synctest), or for goroutines without one the bottom
frame (the goroutine's entry, e.g. `net/http.(*persistConn).readLoop`); `loc_` its
file basename:line (`*` = varies between runs); `wait_` the text in the header's
brackets minus `, N minutes` (so it includes `, locked to thread`, `(durable)`,
`, synctest bubble 1`; the goroutineleak debug=2 dump adds ` (leaked)` where
`leaked_go1.27` is yes); `created_by_` the function after `created by` minus
` in goroutine N` (empty for goroutine 1); `leaked_go1.27` yes/no in
`go1.27/leakzoo.leak.*` (n/a elsewhere); `note`. record.sh checks every debug=2 file (and
leakzoo/deep/labels debug=1: by function and line only; debug=0: total) against it.

Notes (checked in the Go sources and the recordings):

- `goroutineleak` profile: Go 1.27 registers it by default (runtime/pprof `lockProfiles`),
  no GOEXPERIMENT needed; `pprof.Lookup("goroutineleak")` is nil in 1.19 and 1.23, so
  `leakzoo.leak.*` exist for 1.27 only. Writing it runs a leak-detecting GC first.
  Its debug=2 form is the full goroutine dump (all goroutines) where leaked ones say
  `[chan send (leaked)]`; debug=1 and debug=0 hold only the leaked goroutines.
  leakzoo writes it after the ordinary goroutine dumps, which therefore show no
  `(leaked)`. Marked leaked: goroutines blocked on channels, nil channels, `select {}`,
  select, sync.Mutex/RWMutex/WaitGroup/Cond whose objects are unreachable from running
  goroutines. Not marked: sleep, IO wait, syscall, and net/http's readLoop/writeLoop
  (still reachable through the network poller / transport).
- Labels in debug=2 headers (`goroutine 19 [chan receive] {handler: "GET /api/users", tenant: acme}:`):
  Go 1.27 only, and only when the main module's go.mod says `go 1.27` (GODEBUG
  tracebacklabels=1); `labels.debug2.txt` is built with `-modfile` pointing at a copy of
  go.mod saying `go 1.27`, `labels.nolabels.debug2.txt` with the default `go 1.19` one.
- `, N minutes` in headers needs two GCs after the goroutine parked (the runtime stamps the
  wait start during a GC's stack scan with the previous GC's end time): `minutes` forces
  two, then waits 65 s. Only re-recorded with `RECORD_SLOW=1`.
- Go 1.19 prints at most 100 frames per goroutine; in `go1.19/deep.debug2.txt` the
  150-deep goroutines end after 97 `main.deepDescend` frames (plus 3 hidden runtime
  frames) with NO `...additional frames elided...` line. 1.23 and 1.27 print 50 + 50 with
  `...50 frames elided...` between.
- `crash.sigquit.txt`: GOTRACEBACK=crash, so runtime goroutines, `goroutine 0` (g0 of an M)
  and `fp= sp= pc=` on every frame (all versions); `gp= m= mp=` in the headers only in
  1.23/1.27 (1.19: `goroutine 1 [sleep]:`); the process
  aborts (exit 134). The runtime goroutines there vary, EXPECTED.tsv lists only the
  program's own (checked with `-partial`).
- `cgo`: a goroutine inside a C call shows as `[syscall]` with top frame
  `main._Cfunc_sleep_in_c()` at `_cgo_gotypes.go:46`; nothing else special (no
  `non-Go function`) in a debug=2 dump.

| file | Go version | program | command | date |
| --- | --- | --- | --- | --- |
EOF
	cat "$work/table"
} >"$src"

if [ "$failed" -ne 0 ]; then
	echo "record.sh: some recordings do not match EXPECTED.tsv" >&2
	exit 1
fi
echo "record.sh: done"
