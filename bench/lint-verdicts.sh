#!/usr/bin/env bash
# Checks that every finding `goroscope lint` makes with its DEFAULT rules on real code has been read: runs lint over the
# Go 1.27 tree (with tests, once as its go.mod says and once as Go 1.22 so the timer rules apply), each project of
# bench/lint-precision.sh's corpus (with tests) and all of /usr/share/gocode/src (GOPATH mode, no tests), then looks up
# each distinct finding (rule, file name, line) in docs/lint-precision.md's verdict tables. It prints per rule the
# distinct findings, how many have a TP and how many an FP verdict, and lists every finding with no verdict row (read
# those, and add them). Exit status 1 when a finding has an FP verdict or none.
#
#   bench/lint-verdicts.sh      # WORK=/tmp/goroscope-lint-verdicts GOROSCOPE=<the Release build of src/Goroscope.Cli>
#
# All of gocode in one process peaks near 5 GB of memory; the whole run takes about 3 minutes on 2 cores.
set -euo pipefail
work=${WORK:-/tmp/goroscope-lint-verdicts}
repo="$(cd "$(dirname "$0")/.." && pwd)"
goroscope=${GOROSCOPE:-$repo/src/Goroscope.Cli/bin/Release/net10.0/Goroscope.Cli}
[ -x "$goroscope" ] || { echo "missing $goroscope (dotnet build src/Goroscope.Cli -c Release, or set GOROSCOPE)" >&2; exit 2; }
gocode=/usr/share/gocode/src
[ -d /opt/go/1.27/src ] && [ -d "$gocode" ] || { echo "needs /opt/go/1.27 and /usr/share/gocode/src (see docs/lint-precision.md)" >&2; exit 2; }
mkdir -p "$work"
export PATH="/opt/go/1.27/bin:$PATH" GOTOOLCHAIN=local GOPROXY=off

lint() { # OUT DIR ARGS...: lint DIR with the default rules into WORK/OUT.json
  local out=$work/$1.json dir=$2; shift 2
  echo "linting $dir $*" >&2
  (cd "$dir" && "$goroscope" lint . "$@" --format json --fail-level none >"$out" 2>"${out%.json}.err") \
    || { echo "lint failed on $dir: $(head -1 "${out%.json}.err")" >&2; exit 1; }
}
lint gotree /opt/go/1.27/src --include-tests
lint gotree-go1.22 /opt/go/1.27/src --include-tests --go 1.22
export GO111MODULE=off GOPATH=/usr/share/gocode
mapfile -t projects < <(sed -n 's/^  "[a-z0-9.-]* *\$gocode\/\([^ ]*\) .*/\1/p' "$repo/bench/lint-precision.sh")
for project in "${projects[@]}"; do
  [ -d "$gocode/$project" ] && lint "project-${project//\//_}" "$gocode/$project" --include-tests
done
lint gocode "$gocode"

jq -r '.findings[] | [.ruleId, .file, .start.line] | @tsv' "$work"/*.json | sort -u >"$work/findings.tsv"
python3 - "$work/findings.tsv" "$repo/docs/lint-precision.md" <<'EOF'
import collections, os, re, sys
findings, doc = sys.argv[1], open(sys.argv[2]).read().splitlines()
rows = [line for line in doc if line.startswith('|')]
verdicts = collections.defaultdict(dict)
for rule, path, line in (l.rstrip('\n').split('\t') for l in open(findings)):
    name = os.path.basename(path)
    at = re.compile(re.escape(name) + r'`?:' + line + r'\b')
    said = {v for row in rows if at.search(row) and rule in row for v in ('TP', 'FP') if f'| {v}' in row}
    # one location can be read in several runs: a table row of another run, or prose that names it
    if not said and any(at.search(l) for l in doc):
        said = {'TP'} if not any(at.search(l) and 'FP' in l for l in doc) else {'FP'}
    verdicts[rule][(name, line)] = (said, path)
bad = 0
print(f"{'rule':32} {'findings':>8} {'TP':>5} {'FP':>5} {'unread':>7}")
for rule, found in sorted(verdicts.items()):
    tp = sum(v == {'TP'} for v, _ in found.values())
    fp = sum('FP' in v for v, _ in found.values())
    print(f"{rule:32} {len(found):>8} {tp:>5} {fp:>5} {len(found) - tp - fp:>7}")
    for (name, line), (v, path) in sorted(found.items()):
        if v != {'TP'}:
            bad += 1
            print(f"    {'FP' if v else 'unread'}: {path}:{line}")
sys.exit(1 if bad else 0)
EOF
