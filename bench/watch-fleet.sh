#!/usr/bin/env bash
# goroscope watch against a simulated fleet: TARGETS Go pprof endpoints (bench/programs/pproffleet, serving the
# recorded testdata/dumps/go1.27/leakzoo.debug0.pb.gz) scraped every INTERVAL for DURATION seconds by the Native AOT
# binary. Samples watch's CPU time and RSS from /proc every 10 s; at the end compares the scrapes stored with the
# profiles the fleet served and with the schedule. Results in BENCHMARKS.md ("goroscope watch, 200 targets").
#   DURATION=600 bench/watch-fleet.sh      (TARGETS=200 INTERVAL=5 WORK=/tmp/goroscope-watch-bench BIN=path/to/goroscope)
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=${TARGETS:-200}
INTERVAL=${INTERVAL:-5}
DURATION=${DURATION:-600}
WORK=${WORK:-/tmp/goroscope-watch-bench}
GO=${GO:-/opt/go/1.27}
rm -rf "$WORK" && mkdir -p "$WORK"

(cd bench/programs/pproffleet && GOROOT=$GO GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod CGO_ENABLED=0 GOCACHE=$WORK/gocache \
    "$GO/bin/go" build -o "$WORK/pproffleet" .)
if [[ -z "${BIN:-}" ]]; then
  dotnet publish src/Goroscope.Cli -c Release -o "$WORK/aot" >/dev/null
  BIN=$WORK/aot/Goroscope.Cli
fi

"$WORK/pproffleet" -targets "$TARGETS" -profile testdata/dumps/go1.27/leakzoo.debug0.pb.gz -sd "$WORK/fleet.json" >"$WORK/fleet.out" &
FLEET=$!
trap 'kill $FLEET 2>/dev/null || true' EXIT
until grep -q listening "$WORK/fleet.out" 2>/dev/null; do sleep 0.1; done

"$BIN" watch --file-sd "$WORK/fleet.json" --interval "${INTERVAL}s" --db "$WORK/watch.db" --listen 127.0.0.1:0 \
    --duration "${DURATION}s" >"$WORK/watch.out" 2>&1 &
WATCH=$!
until grep -q listening "$WORK/watch.out" 2>/dev/null; do sleep 0.1; done
URL=$(grep -o 'listening on [^ ]*' "$WORK/watch.out" | cut -d' ' -f3)
TICK=$(getconf CLK_TCK)
START=$(date +%s.%N)
echo -e "seconds\tcpu_seconds\trss_kib" >"$WORK/samples.tsv"
while kill -0 $WATCH 2>/dev/null; do
  if read -r -a stat <"/proc/$WATCH/stat" 2>/dev/null; then
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$WATCH/status" 2>/dev/null || echo 0)
    now=$(date +%s.%N)
    echo -e "$(echo "$now - $START" | bc)\t$(echo "scale=2; (${stat[13]} + ${stat[14]}) / $TICK" | bc)\t$rss" >>"$WORK/samples.tsv"
    curl -s "${URL}metrics" >"$WORK/metrics.txt.new" 2>/dev/null && mv "$WORK/metrics.txt.new" "$WORK/metrics.txt"
  fi
  sleep 10
done
wait $WATCH || true
kill -TERM $FLEET; wait $FLEET 2>/dev/null || true
SERVED=$(grep -o 'served [0-9]*' "$WORK/fleet.out" | cut -d' ' -f2)

python3 - "$WORK" "$TARGETS" "$INTERVAL" "$DURATION" "$SERVED" <<'PY'
import sqlite3, sys, re
work, targets, interval, duration, served = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
rows = [l.split("\t") for l in open(f"{work}/samples.tsv").read().split("\n")[1:] if l]
t, cpu, rss = [float(r[0]) for r in rows], [float(r[1]) for r in rows], [int(r[2]) for r in rows]
db = sqlite3.connect(f"{work}/watch.db")
ok, failed = db.execute("select sum(ok), sum(1 - ok) from scrapes").fetchone()
per = [n for (n,) in db.execute("select count(*) from scrapes group by target_id")]
late = db.execute("""select count(*) from (select time - lag(time) over (partition by target_id order by time) as gap from scrapes)
                     where gap > ?""", (interval * 1000 * 1.5,)).fetchone()[0]
metrics = open(f"{work}/metrics.txt").read()
skipped = re.search(r"^goroscope_watch_scrapes_skipped_total (\S+)", metrics, re.M)
# CPU: from the first sample after a minute (start-up and the first interval's spread excluded) to the last.
i = next(k for k, s in enumerate(t) if s >= 60)
print(f"targets {targets}, interval {interval:g} s, run {t[-1]:.0f} s")
print(f"CPU: {100 * (cpu[-1] - cpu[i]) / (t[-1] - t[i]):.1f}% of one core on average after the first minute "
      f"({100 * cpu[-1] / t[-1]:.1f}% over the whole run, {cpu[-1]:.1f} s of CPU)")
print(f"RSS: {rss[i] / 1024:.1f} MiB at 1 min, {max(rss[i:]) / 1024:.1f} MiB peak after, {rss[-1] / 1024:.1f} MiB at the end")
print(f"scrapes stored: {ok} ok, {failed} failed; per target {min(per)}-{max(per)} (schedule: {duration / interval:.0f} per target)")
print(f"profiles served by the fleet: {served} (stored ok: {ok}); gaps > 1.5 intervals: {late}; skipped ticks: {skipped.group(1) if skipped else '?'}")
PY
