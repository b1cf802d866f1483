#!/usr/bin/env bash
# goroscope watch with a PostgreSQL store that goes away: TARGETS simulated services (bench/programs/pproffleet,
# serving the recorded testdata/dumps/go1.27/leakzoo.debug0.pb.gz) scraped every INTERVAL into a throw-away
# PostgreSQL cluster (Debian's server binaries, initdb'd into WORK). After BEFORE seconds the database refuses every
# connection for OUTAGE seconds (ALTER DATABASE … ALLOW_CONNECTIONS false, its sessions terminated), then AFTER
# seconds more. Samples watch's RSS and its write buffer (/metrics) every 2 s; at the end compares the scrapes
# stored with the profiles the fleet served. Results in BENCHMARKS.md ("goroscope watch, PostgreSQL out of reach").
#   bench/watch-store-outage.sh      (TARGETS=200 INTERVAL=5 BEFORE=60 OUTAGE=120 AFTER=60 WORK=… BIN=path/to/goroscope)
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=${TARGETS:-200}
INTERVAL=${INTERVAL:-5}
BEFORE=${BEFORE:-60}
OUTAGE=${OUTAGE:-120}
AFTER=${AFTER:-60}
WORK=${WORK:-/tmp/goroscope-watch-outage}
GO=${GO:-/opt/go/1.27}
PGBIN=$(pg_config --bindir)
rm -rf "$WORK" && mkdir -p "$WORK/pg"

# PostgreSQL refuses to run as root: as root, the cluster runs as the postgres user Debian's package creates.
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $(id -u) == 0 ]] && chown postgres "$WORK/pg"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$PGBIN/initdb" -D "$WORK/pg/data" -U goroscope --auth=trust -E UTF8 --no-locale >/dev/null
as_pg "$PGBIN/pg_ctl" start -w -D "$WORK/pg/data" -l "$WORK/pg/log" -o "-p $PORT -k $WORK/pg -c listen_addresses=127.0.0.1" >/dev/null
PSQL=(psql -qAt -h 127.0.0.1 -p "$PORT" -U goroscope)
"${PSQL[@]}" postgres -c "CREATE DATABASE goroscope"
cleanup() { kill "${FLEET:-}" "${WATCH:-}" 2>/dev/null || true; as_pg "$PGBIN/pg_ctl" stop -D "$WORK/pg/data" -m immediate >/dev/null 2>&1 || true; }
trap cleanup EXIT

(cd bench/programs/pproffleet && GOROOT=$GO GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod CGO_ENABLED=0 GOCACHE=$WORK/gocache \
    "$GO/bin/go" build -o "$WORK/pproffleet" .)
if [[ -z "${BIN:-}" ]]; then
  dotnet publish src/Goroscope.Cli -c Release -o "$WORK/aot" >/dev/null
  BIN=$WORK/aot/Goroscope.Cli
fi
"$WORK/pproffleet" -targets "$TARGETS" -profile testdata/dumps/go1.27/leakzoo.debug0.pb.gz -sd "$WORK/fleet.json" >"$WORK/fleet.out" &
FLEET=$!
until grep -q listening "$WORK/fleet.out" 2>/dev/null; do sleep 0.1; done

TOTAL=$((BEFORE + OUTAGE + AFTER))
"$BIN" watch --file-sd "$WORK/fleet.json" --interval "${INTERVAL}s" --store "postgres://goroscope@127.0.0.1:$PORT/goroscope" \
    --listen 127.0.0.1:0 --duration "${TOTAL}s" >"$WORK/watch.out" 2>&1 &
WATCH=$!
until grep -q listening "$WORK/watch.out" 2>/dev/null; do sleep 0.1; done
URL=$(grep -o 'listening on [^ ]*' "$WORK/watch.out" | cut -d' ' -f3)
START=$(date +%s.%N)
echo -e "seconds\trss_kib\tbuffered\tdropped" >"$WORK/samples.tsv"
phase=before
while kill -0 $WATCH 2>/dev/null; do
  elapsed=$(echo "$(date +%s.%N) - $START" | bc)
  if [[ $phase == before ]] && (( $(echo "$elapsed >= $BEFORE" | bc) )); then
    "${PSQL[@]}" postgres -c "ALTER DATABASE goroscope WITH ALLOW_CONNECTIONS false" \
        -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = 'goroscope'" >/dev/null
    echo "$elapsed" >"$WORK/outage.start"; phase=down
  elif [[ $phase == down ]] && (( $(echo "$elapsed >= $BEFORE + $OUTAGE" | bc) )); then
    "${PSQL[@]}" postgres -c "ALTER DATABASE goroscope WITH ALLOW_CONNECTIONS true"
    echo "$elapsed" >"$WORK/outage.end"; phase=after
  fi
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$WATCH/status" 2>/dev/null || echo 0)
  metrics=$(curl -s "${URL}metrics" 2>/dev/null || true)
  buffered=$(awk '/^goroscope_watch_store_buffered_scrapes / {print $2}' <<<"$metrics")
  dropped=$(awk '/^goroscope_watch_store_dropped_scrapes_total / {print $2}' <<<"$metrics")
  echo -e "$elapsed\t$rss\t${buffered:-}\t${dropped:-}" >>"$WORK/samples.tsv"
  sleep 2
done
wait $WATCH || true
kill -TERM $FLEET; wait $FLEET 2>/dev/null || true
SERVED=$(grep -o 'served [0-9]*' "$WORK/fleet.out" | cut -d' ' -f2)
"${PSQL[@]}" goroscope -F $'\t' -c "SELECT t.name, s.time, s.ok FROM scrapes s JOIN targets t ON t.id = s.target_id ORDER BY 1, 2" >"$WORK/scrapes.tsv"

python3 - "$WORK" "$TARGETS" "$INTERVAL" "$SERVED" <<'PY'
import sys, collections
work, targets, interval, served = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
down, up = float(open(f"{work}/outage.start").read()), float(open(f"{work}/outage.end").read())
rows = [l.split("\t") for l in open(f"{work}/samples.tsv").read().split("\n")[1:] if l]
samples = [(float(r[0]), int(r[1]) / 1024, float(r[2] or 0), float(r[3] or 0)) for r in rows]
before = [s for s in samples if down - 20 <= s[0] < down]
during = [s for s in samples if down <= s[0] < up]
flushed = next((s[0] for s in samples if s[0] >= up and s[2] == 0), None)
scrapes = collections.defaultdict(list)
ok = 0
for line in open(f"{work}/scrapes.tsv").read().split("\n"):
    if line:
        name, time, good = line.split("\t")
        scrapes[name].append(int(time))
        ok += good == "1"
gaps = sum(1 for times in scrapes.values() for a, b in zip(times, times[1:]) if b - a > 1.5 * interval * 1000)
print(f"targets {targets}, interval {interval:g} s, outage {up - down:.0f} s (from {down:.0f} s to {up:.0f} s of {samples[-1][0]:.0f} s)")
print(f"RSS: {max(s[1] for s in before):.1f} MiB at most in the 20 s before the outage, {max(s[1] for s in during):.1f} MiB at most during it, {samples[-1][1]:.1f} MiB at the end")
print(f"write buffer: {max(s[2] for s in during):.0f} scrapes held at most; {max(s[3] for s in samples):.0f} dropped; empty again {flushed - up:.0f} s after the store came back" if flushed else "write buffer: never emptied")
print(f"scrapes stored: {ok} ok of {sum(len(t) for t in scrapes.values())}; profiles served by the fleet: {served}; per target {min(map(len, scrapes.values()))}-{max(map(len, scrapes.values()))}; gaps > 1.5 intervals: {gaps}")
PY
