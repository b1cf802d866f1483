#!/usr/bin/env bash
# Recall of `goroscope lint` on GoBench's GoKer blocking kernels (Yuan et al., CGO 2021): runs lint with every rule
# enabled and --include-tests over each kernel directory DIR/<project>/<id>/ (one package each, a single *_test.go),
# keeps every finding in WORK/<project>-<id>.json, and prints one line per kernel: kernel, findings, rules (a rule on by
# default is written plainly, one off by default in brackets). The verdicts (which finding is the kernel's bug) are read
# by hand: docs/lint-precision.md, "Recall on GoBench's GoKer blocking kernels".
#
# The kernels are not shipped and this script fetches nothing: DIR is a copy made beforehand (see that section for how).
# Each kernel is linted in GOPATH mode (GO111MODULE=off) with Go 1.27's standard library; kernels import nothing else.
#
#   bench/goker-eval.sh DIR      # WORK=/tmp/goroscope-goker GOROSCOPE=<the Release build of src/Goroscope.Cli>
set -euo pipefail
[ $# -eq 1 ] && [ -d "$1" ] || { echo "usage: bench/goker-eval.sh DIR   (DIR/<project>/<id>/*_test.go)" >&2; exit 2; }
kernels=$(cd "$1" && pwd)
work=${WORK:-/tmp/goroscope-goker}
repo="$(cd "$(dirname "$0")/.." && pwd)"
goroscope=${GOROSCOPE:-$repo/src/Goroscope.Cli/bin/Release/net10.0/Goroscope.Cli}
[ -x "$goroscope" ] || { echo "missing $goroscope (dotnet build src/Goroscope.Cli -c Release, or set GOROSCOPE)" >&2; exit 2; }
mkdir -p "$work/empty"
export PATH="/opt/go/1.27/bin:$PATH" GOTOOLCHAIN=local GOPROXY=off GO111MODULE=off

# Every rule, off-by-default ones included, named by the tool itself (its SARIF rule list), and which are on by default.
rules_json=$("$goroscope" lint "$work/empty" --format sarif --fail-level none | jq -c '[.runs[0].tool.driver.rules[] | {id, on: .defaultConfiguration.enabled}]')
mapfile -t rules < <(jq -r '.[].id' <<<"$rules_json")
enable=()
for rule in "${rules[@]}"; do enable+=(--enable "$rule"); done

printf '%-18s %8s  %s\n' kernel findings rules
total=0
for dir in "$kernels"/*/*/; do
  dir=${dir%/}
  id=$(basename "$dir"); project=$(basename "$(dirname "$dir")")
  out=$work/$project-$id.json
  (cd "$dir" && GOPATH="$work/empty" timeout 120 "$goroscope" lint . "${enable[@]}" --include-tests \
    --format json --fail-level none >"$out" 2>"${out%.json}.err") \
    || { echo "lint failed on $project/$id (exit $?): $(head -1 "${out%.json}.err")" >&2; exit 1; }
  n=$(jq '.summary.findings' "$out")
  total=$((total + n))
  used=$(jq -r --argjson rules "$rules_json" \
    '[.findings[].ruleId] | unique | map(. as $r | if ($rules | map(select(.id == $r))[0].on) then $r else "[\($r)]" end) | join(" ")' "$out")
  printf '%-18s %8s  %s\n' "$project-$id" "$n" "$used"
done
echo "total findings: $total (each in $work/<project>-<id>.json)"
