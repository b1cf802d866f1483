#!/usr/bin/env bash
# goroscope watch at fleet scale: TARGETS simulated Go services (bench/programs/pproffleet, one process serving the
# recorded testdata/dumps/go1.27/leakzoo.debug0.pb.gz under a path per service) scraped every INTERVAL for DURATION
# seconds by the Native AOT binary, each service on a loopback port of its own (so watch holds a connection per target,
# as with a real fleet), either by one replica into SQLite (REPLICAS=0, the default) or by REPLICAS
# replicas sharing one throw-away PostgreSQL cluster (Debian's server binaries, initdb'd into WORK, default settings).
# Every 10 s it samples, from /proc, each replica's CPU time (utime + stime) and RSS, PostgreSQL's CPU time (the
# postmaster, its live backends, and the children it has reaped), the load average, and PostgreSQL's row counters
# (pg_stat_database: tup_inserted, tup_updated, tup_deleted). CPU is counted in CPU-seconds, so other work on the
# machine slows the run but does not inflate the figure. At the end it times GET /api/targets on a replica, and
# compares the scrapes stored with the profiles the fleet served. Results in BENCHMARKS.md ("at fleet scale").
#   DURATION=720 TARGETS=5000 bench/watch-scale.sh             one replica, SQLite
#   DURATION=420 TARGETS=5000 REPLICAS=3 bench/watch-scale.sh  three replicas, one PostgreSQL
#   (INTERVAL=5 CONCURRENCY=8 LISTENERS=TARGETS WORK=/tmp/goroscope-watch-scale BIN=path/to/goroscope;
#    LISTENERS=1 serves every service from one port, as bench/watch-fleet.sh does)
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=${TARGETS:-5000}
INTERVAL=${INTERVAL:-5}
DURATION=${DURATION:-720}
REPLICAS=${REPLICAS:-0}
CONCURRENCY=${CONCURRENCY:-8}
WORK=${WORK:-/tmp/goroscope-watch-scale}
GO=${GO:-/opt/go/1.27}
LISTENERS=${LISTENERS:-$TARGETS}
GOCACHE=${GOCACHE:-/tmp/goroscope-bench-gocache}
rm -rf "$WORK" && mkdir -p "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n "${PGBIN:-}" ]]; then as_pg "$PGBIN/pg_ctl" stop -D "$WORK/pg/data" -m immediate >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
# PostgreSQL refuses to run as root: as root, the cluster runs as the postgres user Debian's package creates.
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

(cd bench/programs/pproffleet && GOROOT=$GO GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod CGO_ENABLED=0 GOCACHE=$GOCACHE \
    "$GO/bin/go" build -o "$WORK/pproffleet" .)
if [[ -z "${BIN:-}" ]]; then
  dotnet publish src/Goroscope.Cli -c Release -o "$WORK/aot" >/dev/null
  BIN=$WORK/aot/Goroscope.Cli
fi

if (( REPLICAS > 0 )); then
  PGBIN=$(pg_config --bindir)
  mkdir -p "$WORK/pg"
  [[ $(id -u) == 0 ]] && chown postgres "$WORK/pg"
  PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_pg "$PGBIN/initdb" -D "$WORK/pg/data" -U goroscope --auth=trust -E UTF8 --no-locale >/dev/null
  as_pg "$PGBIN/pg_ctl" start -w -D "$WORK/pg/data" -l "$WORK/pg/log" -o "-p $PORT -k $WORK/pg -c listen_addresses=127.0.0.1" >/dev/null
  PSQL=(psql -qAt -h 127.0.0.1 -p "$PORT" -U goroscope)
  "${PSQL[@]}" postgres -c "CREATE DATABASE goroscope"
  POSTMASTER=$(head -1 "$WORK/pg/data/postmaster.pid")
  STORE="postgres://goroscope@127.0.0.1:$PORT/goroscope"
else
  STORE=$WORK/watch.db
fi

"$WORK/pproffleet" -targets "$TARGETS" -listeners "$LISTENERS" -profile testdata/dumps/go1.27/leakzoo.debug0.pb.gz -sd "$WORK/fleet.json" >"$WORK/fleet.out" &
FLEET=$!
PIDS+=("$FLEET")
until grep -q listening "$WORK/fleet.out" 2>/dev/null; do sleep 0.1; done

WATCHES=()
for r in $(seq 1 $(( REPLICAS > 0 ? REPLICAS : 1 ))); do
  "$BIN" watch --file-sd "$WORK/fleet.json" --interval "${INTERVAL}s" --store "$STORE" --concurrency "$CONCURRENCY" \
      --listen 127.0.0.1:0 --duration "${DURATION}s" >"$WORK/watch$r.out" 2>&1 &
  WATCHES+=("$!")
  PIDS+=("$!")
done
for r in $(seq 1 ${#WATCHES[@]}); do until grep -q listening "$WORK/watch$r.out" 2>/dev/null; do sleep 0.1; done; done
URL=$(grep -o 'listening on [^ ]*' "$WORK/watch1.out" | cut -d' ' -f3)
TICK=$(getconf CLK_TCK)
START=$(date +%s.%N)

# Seconds of CPU a process has used (utime + stime), with its reaped children's (cutime + cstime) when asked.
cpu_of() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  stat=${stat##*) }                      # the fields after the command name, which may hold spaces
  read -r -a f <<<"$stat"                # f[0] is field 3 (state): utime is field 14, so f[11]
  if [[ ${2:-} == children ]]; then echo $(( f[11] + f[12] + f[13] + f[14] )); else echo $(( f[11] + f[12] )); fi
}
rss_of() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# Proportional set size: memory shared between PostgreSQL's processes (its shared buffers) counted once in their sum.
pss_of() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
pg_cpu() {
  local total
  total=$(cpu_of "$POSTMASTER" children)
  for child in $(pgrep -P "$POSTMASTER"); do total=$(( total + $(cpu_of "$child") )); done
  echo "$total"
}

header="seconds\tload1"
for r in $(seq 1 ${#WATCHES[@]}); do header+="\tcpu_ticks_$r\trss_kib_$r"; done
(( REPLICAS > 0 )) && header+="\tpg_cpu_ticks\tpg_pss_kib\tinserted\tupdated\tdeleted\tdb_bytes"
echo -e "$header" >"$WORK/samples.tsv"
while kill -0 "${WATCHES[0]}" 2>/dev/null; do
  line="$(echo "$(date +%s.%N) - $START" | bc)\t$(cut -d' ' -f1 /proc/loadavg)"
  for pid in "${WATCHES[@]}"; do line+="\t$(cpu_of "$pid")\t$(rss_of "$pid")"; done
  if (( REPLICAS > 0 )); then
    pgrss=$(pss_of "$POSTMASTER")
    for child in $(pgrep -P "$POSTMASTER"); do pgrss=$(( pgrss + $(pss_of "$child") )); done
    rows=$("${PSQL[@]}" -F $'\t' goroscope -c "SELECT tup_inserted, tup_updated, tup_deleted, pg_database_size('goroscope') FROM pg_stat_database WHERE datname = 'goroscope'")
    line+="\t$(pg_cpu)\t$pgrss\t$rows"
  fi
  echo -e "$line" >>"$WORK/samples.tsv"
  curl -s "${URL}metrics" >"$WORK/metrics.txt.new" 2>/dev/null && mv "$WORK/metrics.txt.new" "$WORK/metrics.txt"
  # Shortly before the end: the dashboard's fleet list, timed, with the CPU it costs the replica that serves it.
  if [[ ! -e "$WORK/api-targets.txt" ]] && (( $(echo "$(date +%s.%N) - $START > $DURATION - 40" | bc) )); then
    before=$(cpu_of "${WATCHES[0]}")
    curl -s -o "$WORK/api-targets.json" -w '%{time_total}' "${URL}api/targets" >"$WORK/api-targets.txt"
    echo " $(( $(cpu_of "${WATCHES[0]}") - before ))" >>"$WORK/api-targets.txt"
  fi
  sleep 10
done
for pid in "${WATCHES[@]}"; do wait "$pid" || true; done
kill -TERM $FLEET; wait $FLEET 2>/dev/null || true
SERVED=$(grep -o 'served [0-9]*' "$WORK/fleet.out" | cut -d' ' -f2)
if (( REPLICAS > 0 )); then
  "${PSQL[@]}" -F $'\t' goroscope -c "SELECT t.name, s.time, s.ok FROM scrapes s JOIN targets t ON t.id = s.target_id" >"$WORK/scrapes.tsv"
  "${PSQL[@]}" -F $'\t' goroscope -c "SELECT relname, pg_total_relation_size(relid) FROM pg_stat_user_tables ORDER BY 2 DESC" >"$WORK/tables.tsv"
else
  sqlite3 -separator $'\t' "$STORE" "SELECT t.name, s.time, s.ok FROM scrapes s JOIN targets t ON t.id = s.target_id" >"$WORK/scrapes.tsv" 2>/dev/null ||
    python3 -c "import sqlite3, sys; [print(*r, sep='\t') for r in sqlite3.connect(sys.argv[1]).execute('SELECT t.name, s.time, s.ok FROM scrapes s JOIN targets t ON t.id = s.target_id')]" "$STORE" >"$WORK/scrapes.tsv"
  stat -c %s "$STORE" "$STORE-wal" 2>/dev/null | paste -sd' ' >"$WORK/db-size.txt" || true   # no -wal file once watch has closed the store
fi

python3 - "$WORK" "$TARGETS" "$INTERVAL" "$DURATION" "$SERVED" "$REPLICAS" "$TICK" <<'PY'
import sys, re, collections
work, targets, interval, duration, served, replicas, tick = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
head, *rows = [l.split("\t") for l in open(f"{work}/samples.tsv").read().split("\n") if l]
col = {name: [float(r[i]) for r in rows] for i, name in enumerate(head)}
t = col["seconds"]
# From the first sample after a minute (start-up and the first interval's spread left out) to the last.
i = next(k for k, s in enumerate(t) if s >= 60)
span = t[-1] - t[i]
n = max(1, replicas)
print(f"targets {targets}, interval {interval:g} s, {n} replica(s), run {t[-1]:.0f} s; load average {min(col['load1']):.1f}-{max(col['load1']):.1f} (median {sorted(col['load1'])[len(t) // 2]:.1f})")
for r in range(1, n + 1):
    cpu, rss = [c / tick for c in col[f"cpu_ticks_{r}"]], [k / 1024 for k in col[f"rss_kib_{r}"]]
    by_minute = collections.defaultdict(list)
    for s, m in zip(t, rss):
        by_minute[int(s // 60)].append(m)
    minutes = ", ".join(f"{m}:{min(v):.0f}-{max(v):.0f}" for m, v in sorted(by_minute.items()))
    print(f"replica {r}: CPU {100 * (cpu[-1] - cpu[i]) / span:.1f}% of one core after the first minute ({cpu[-1] - cpu[i]:.1f} CPU-s in {span:.0f} s; "
          f"{cpu[-1]:.1f} CPU-s over the run); RSS {rss[i]:.0f} MiB at 1 min, peak {max(rss):.0f} MiB, {rss[-1]:.0f} MiB at the end")
    print(f"  RSS by minute (MiB, low-high): {minutes}")
if replicas:
    pg = col["pg_cpu_ticks"]
    print(f"PostgreSQL: CPU {100 * (pg[-1] - pg[i]) / tick / span:.1f}% of one core after the first minute ({(pg[-1] - pg[i]) / tick:.1f} CPU-s); "
          f"memory of its processes (PSS) {col['pg_pss_kib'][-1] / 1024:.0f} MiB at the end")
    rates = {k: (col[k][-1] - col[k][i]) / span for k in ("inserted", "updated", "deleted")}
    print(f"  rows/s after the first minute: {rates['inserted']:.0f} inserted, {rates['updated']:.0f} updated, {rates['deleted']:.0f} deleted; "
          f"database {col['db_bytes'][-1] / 2**20:.0f} MiB at the end")
    print("  tables: " + ", ".join(f"{name} {int(size) / 2**20:.1f} MiB" for name, size in (l.split("\t") for l in open(f"{work}/tables.tsv").read().split("\n") if l)))
else:
    sizes = [int(s) for s in open(f"{work}/db-size.txt").read().split()]
    print(f"SQLite store: {sizes[0] / 2**20:.0f} MiB (+ {sum(sizes[1:]) / 2**20:.0f} MiB of WAL) at the end")
scrapes = collections.defaultdict(list)
ok = 0
for line in open(f"{work}/scrapes.tsv").read().split("\n"):
    if line:
        name, time, good = line.split("\t")
        scrapes[name].append(int(time))
        ok += good == "1"
per = [len(v) for v in scrapes.values()]
gaps = sum(1 for v in scrapes.values() for a, b in zip(sorted(v), sorted(v)[1:]) if b - a > 1.5 * interval * 1000)
metrics = open(f"{work}/metrics.txt").read()
skipped = re.search(r"^goroscope_watch_scrapes_skipped_total (\S+)", metrics, re.M)
print(f"scrapes stored: {ok} ok of {sum(per)}, {len(scrapes)} targets, per target {min(per)}-{max(per)} (schedule: {duration / interval:.0f}); "
      f"profiles served by the fleet: {served}; gaps > 1.5 intervals: {gaps}; skipped ticks (replica 1): {skipped.group(1) if skipped else '?'}")
seconds, ticks = open(f"{work}/api-targets.txt").read().split()
print(f"GET /api/targets ({targets} targets): {float(seconds):.2f} s wall, {int(ticks) / tick:.2f} CPU-s of the replica (its scrapes included)")
PY
