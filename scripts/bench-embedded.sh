#!/usr/bin/env bash
# bench-embedded.sh — benchmarks of the embedded default (in-process Kafka broker and S3 sites):
# a long soak, a probe-rate sweep, and the CPU cost of SLA evaluation.
#
# Usage:
#   scripts/bench-embedded.sh soak        heap, RSS and objects per site over a long run
#   scripts/bench-embedded.sh rates [R…]  the highest probe rate the embedded default sustains
#   scripts/bench-embedded.sh sla-cost    CPU per probe with the default objectives vs without
#   scripts/bench-embedded.sh profile [R] where the CPU goes at R probes/s per site (default 50)
#   scripts/bench-embedded.sh --help
#
# soak: starts the packaged jar with no configuration but the rate (BENCH_RATE probes/s per site)
#   and BENCH_HEAP, for BENCH_SECONDS; every BENCH_SAMPLE seconds it forces a full GC (jcmd
#   GC.run) and records the heap used after it, the process RSS, the probe objects each site holds
#   (files of the in-process site's store on disk, counted independently of syncmeter), probes
#   pending, and the late/missing/corrupt counts. Table: BENCH_DIR/soak.md, raw: soak.csv.
# rates: for each rate (default 25 50 100 150 200), a fresh embedded default at that rate per site,
#   BENCH_WARMUP s of warm-up, then a BENCH_WINDOW s window: probes resolved, late, missing,
#   pending at the end, p99 lag of the window (upper bound of its histogram bucket), skipped PUT
#   slots, failed syncs, the heap used after a full GC at the end, and the process's CPU over the
#   window (total, and per probe written). A rate is sustained when nothing turned late or missing and pending
#   stayed under two seconds' worth of probes. Table: BENCH_DIR/rates.md.
# sla-cost: the same run twice, with the default objectives and with syncmeter.sla.enabled=false:
#   BENCH_SLA_RATE probes/s per site at two sites that are one in-process S3 bucket (so every probe
#   is visible at the other site at once and the collector resolves 2 x rate probes/s without a
#   replicator: the sync engine is off), BENCH_WARMUP s warm-up, BENCH_WINDOW s window. CPU is the
#   process's user+system time over the window (/proc/PID/stat), per 1000 probes resolved; each
#   run also records a JFR profile and reports the share of CPU samples in SLA code
#   (io.syncmeter.sla) and the top frames. Table: BENCH_DIR/sla-cost.md.
# profile: the embedded default at R probes/s per site with a JFR profile over the window (after
#   BENCH_WARMUP s): the process's CPU over the window, and the share of CPU samples by thread group
#   (in-process S3 servers, sync lanes, probe writers, Kafka, ...) and by code area within the two
#   largest groups. Tables: BENCH_DIR/profile.md, raw samples: BENCH_DIR/samples.txt.
#
# Build the jar first: `mvn -B -q -DskipTests package`. Every run binds to 127.0.0.1 only, on the
# ports below; any exit stops the process it started (by its PID).
#
# Environment variables (defaults in brackets):
#   BENCH_DIR         results directory [./target/bench-embedded]
#   BENCH_JAR         syncmeter jar [./target/quarkus-app/quarkus-run.jar]
#   BENCH_HEAP        -Xmx of the application [512m]
#   BENCH_RATE        soak: probes per second per site [25]
#   BENCH_SECONDS     soak: length, seconds [1800]
#   BENCH_SAMPLE      soak: seconds between samples [60]
#   BENCH_WARMUP      rates, sla-cost: warm-up, seconds [30]
#   BENCH_WINDOW      rates, sla-cost: measurement window, seconds [90]
#   BENCH_SLA_RATE    sla-cost: probes per second per site [500]
#   BENCH_HTTP_PORT, BENCH_KAFKA_PORT, BENCH_S3_PORT   ports [38080, 39092, 39000 (and 39001)]
#   BENCH_JAVA_OPTS   more JVM options for the application, e.g. -Dsyncmeter.lifecycle.enabled=false []
#   JAVA, JCMD, JFR   JDK commands [java, jcmd, jfr]
# Needs: bash, curl, python3, a JDK 17 (java, jcmd, jfr).
set -euo pipefail

PROG=${0##*/}
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
case ${1:-} in -h | --help | help | "") usage; exit 0 ;; esac
MODE=$1
shift

OUT=${BENCH_DIR:-target/bench-embedded}
JAR=${BENCH_JAR:-target/quarkus-app/quarkus-run.jar}
HEAP=${BENCH_HEAP:-512m}
HTTP_PORT=${BENCH_HTTP_PORT:-38080}
KAFKA_PORT=${BENCH_KAFKA_PORT:-39092}
S3_PORT=${BENCH_S3_PORT:-39000}
WARMUP=${BENCH_WARMUP:-30}
WINDOW=${BENCH_WINDOW:-90}
JAVA=${JAVA:-java}
JCMD=${JCMD:-jcmd}
JFR=${JFR:-jfr}
BASE="http://127.0.0.1:$HTTP_PORT"
APP_PID=

[[ -f $JAR ]] || { echo "$PROG: $JAR not found: run 'mvn -B -q -DskipTests package' first" >&2; exit 1; }
mkdir -p "$OUT"

stop_app() {
  if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=
}
trap stop_app EXIT INT TERM

# start_app LOG ARGS... — starts the jar with the bench ports, waits for "started in"
start_app() {
  local log=$1
  shift
  "$JAVA" "-Xmx$HEAP" -Dquarkus.http.port="$HTTP_PORT" -Dsyncmeter.embedded.kafka-port="$KAFKA_PORT" \
    -Dsyncmeter.embedded.s3-base-port="$S3_PORT" ${BENCH_JAVA_OPTS:-} "$@" -jar "$JAR" >"$log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 240); do
    grep -q 'started in' "$log" 2>/dev/null && return 0
    kill -0 "$APP_PID" 2>/dev/null || { echo "$PROG: the application exited; see $log" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$PROG: no 'started in' after 120 s; see $log" >&2
  exit 1
}

metrics() { curl -sf "$BASE/q/metrics"; }

# metric SNAPSHOT NAME [LABEL=VALUE...] — sum of the samples of NAME with those labels
metric() {
  python3 - "$@" <<'PY'
import re, sys
path, name, *wanted = sys.argv[1:]
want = dict(w.split('=', 1) for w in wanted)
total = 0.0
for line in open(path):
    m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)', line)
    if not m or m.group(1) != name:
        continue
    labels = dict(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', m.group(2) or ''))
    if all(labels.get(k) == v for k, v in want.items()):
        v = float(m.group(3))
        total += 0 if v != v else v
print(repr(total))
PY
}

# cpu_seconds — user+system CPU time of the application so far
cpu_seconds() {
  python3 - "$APP_PID" <<'PY'
import os, sys
fields = open(f'/proc/{sys.argv[1]}/stat').read().rsplit(')', 1)[1].split()
print((int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK'))
PY
}

rss_mib() { awk '/^VmRSS:/ {printf "%.0f", $2/1024}' "/proc/$APP_PID/status"; }

resolved() {
  local s=$1 n=0
  for o in replicated late missing corrupt; do
    n=$(python3 -c "print($n + $(metric "$s" syncmeter_replication_objects_total outcome=$o))")
  done
  echo "$n"
}

# p99_window BEFORE AFTER — upper bound of the bucket holding p99 of the lag samples between two snapshots
p99_window() {
  python3 - "$1" "$2" <<'PY'
import re, sys
def buckets(path):
    out = {}
    for line in open(path):
        m = re.match(r'^syncmeter_replication_lag_seconds_bucket\{(.*)\}\s+(\S+)', line)
        if m:
            le = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))['le']
            out[le] = out.get(le, 0) + float(m.group(2))
    return out
a, b = buckets(sys.argv[1]), buckets(sys.argv[2])
bounds = sorted((float('inf') if k == '+Inf' else float(k), k) for k in b)
total = b.get('+Inf', 0) - a.get('+Inf', 0)
if total <= 0:
    print('-'); sys.exit()
for v, k in bounds:
    if b[k] - a.get(k, 0) >= 0.99 * total:
        print('> give-up' if v == float('inf') else f'<= {v:g} s'); break
PY
}

soak() {
  local rate=${BENCH_RATE:-25} seconds=${BENCH_SECONDS:-1800} sample=${BENCH_SAMPLE:-60}
  local data="$OUT/soak-data" csv="$OUT/soak.csv" log="$OUT/soak.log"
  rm -rf "$data"
  start_app "$log" -Dsyncmeter.probe.rate="$rate" -Dsyncmeter.embedded.data-dir="$data"
  echo "elapsed_s,heap_after_gc_mib,rss_mib,objects_dc1,objects_dc2,pending,written,late,missing,corrupt,load1" >"$csv"
  local t0=$SECONDS
  while ((SECONDS - t0 < seconds)); do
    sleep "$sample"
    "$JCMD" "$APP_PID" GC.run >/dev/null
    local snap="$OUT/soak-metrics.txt"
    metrics >"$snap"
    local heap objects1 objects2
    heap=$(python3 -c "print(round($(metric "$snap" jvm_memory_used_bytes area=heap) / 1048576, 1))")
    objects1=$(find "$data/s3/dc1" -type f 2>/dev/null | wc -l)
    objects2=$(find "$data/s3/dc2" -type f 2>/dev/null | wc -l)
    printf '%s,%s,%s,%s,%s,%.0f,%.0f,%.0f,%.0f,%.0f,%s\n' "$((SECONDS - t0))" "$heap" "$(rss_mib)" "$objects1" "$objects2" \
      "$(metric "$snap" syncmeter_replication_pending_objects)" \
      "$(metric "$snap" syncmeter_probe_writes_total outcome=ok)" \
      "$(metric "$snap" syncmeter_replication_objects_total outcome=late)" \
      "$(metric "$snap" syncmeter_replication_objects_total outcome=missing)" \
      "$(metric "$snap" syncmeter_replication_objects_total outcome=corrupt)" \
      "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$csv"
  done
  curl -sf "$BASE/api/sla" >"$OUT/soak-sla.json" || true
  curl -sf "$BASE/api/status" >"$OUT/soak-status.json" || true
  stop_app
  python3 - "$csv" "$rate" "$HEAP" >"$OUT/soak.md" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(f"Soak: {sys.argv[2]} probes/s per site, -Xmx{sys.argv[3]}, {rows[-1]['elapsed_s']} s\n")
cols = ['elapsed_s', 'heap_after_gc_mib', 'rss_mib', 'objects_dc1', 'objects_dc2', 'pending', 'written', 'late', 'missing', 'corrupt', 'load1']
print('| ' + ' | '.join(cols) + ' |')
print('|' + '---|' * len(cols))
for r in rows:
    print('| ' + ' | '.join(r[c] for c in cols) + ' |')
PY
  cat "$OUT/soak.md"
}

rates() {
  local list=("$@")
  ((${#list[@]} > 0)) || list=(25 50 100 150 200)
  local md="$OUT/rates.md"
  {
    echo "| rate/site | resolved | late | missing | pending at end | p99 (window) | skipped slots | sync failed | sustained | heap after GC | load | CPU-s (window) | CPU-ms per probe written |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  } >"$md"
  for r in "${list[@]}"; do
    local dir="$OUT/rate-$r"
    rm -rf "$dir"
    mkdir -p "$dir"
    start_app "$dir/app.log" -Dsyncmeter.probe.rate="$r" -Dsyncmeter.embedded.data-dir="$dir/data"
    sleep "$WARMUP"
    metrics >"$dir/before.txt"
    local load0 c0 c1
    load0=$(cut -d' ' -f1 /proc/loadavg)
    c0=$(cpu_seconds)
    sleep "$WINDOW"
    c1=$(cpu_seconds)
    metrics >"$dir/after.txt"
    "$JCMD" "$APP_PID" GC.run >/dev/null
    metrics >"$dir/after-gc.txt"
    stop_app
    local a=$dir/before.txt b=$dir/after.txt heap
    heap=$(python3 -c "print(round($(metric "$dir/after-gc.txt" jvm_memory_used_bytes area=heap) / 1048576))")
    local res late miss pend skip fail
    res=$(python3 -c "print(int($(resolved "$b") - $(resolved "$a")))")
    late=$(python3 -c "print(int($(metric "$b" syncmeter_replication_objects_total outcome=late) - $(metric "$a" syncmeter_replication_objects_total outcome=late)))")
    miss=$(python3 -c "print(int($(metric "$b" syncmeter_replication_objects_total outcome=missing) - $(metric "$a" syncmeter_replication_objects_total outcome=missing)))")
    pend=$(python3 -c "print(int($(metric "$b" syncmeter_replication_pending_objects)))")
    skip=$(python3 -c "print(int($(metric "$b" syncmeter_probe_writes_total outcome=skipped) - $(metric "$a" syncmeter_probe_writes_total outcome=skipped)))")
    fail=$(python3 -c "print(int($(metric "$b" syncmeter_sync_objects_total outcome=failed) - $(metric "$a" syncmeter_sync_objects_total outcome=failed)))")
    local written cpu per
    written=$(python3 -c "print(int($(metric "$b" syncmeter_probe_writes_total outcome=ok) - $(metric "$a" syncmeter_probe_writes_total outcome=ok)))")
    cpu=$(python3 -c "print(round($c1 - $c0, 1))")
    per=$(python3 -c "print(round(1000 * ($c1 - $c0) / max($written, 1), 1))")
    local ok=no
    ((late == 0 && miss == 0 && pend < 4 * r)) && ok=yes
    echo "| $r | $res | $late | $miss | $pend | $(p99_window "$a" "$b") | $skip | $fail | $ok | $heap MiB | $load0 → $(cut -d' ' -f1 /proc/loadavg) | $cpu | $per |" | tee -a "$md"
  done
  cat "$md"
}

sla_cost() {
  local rate=${BENCH_SLA_RATE:-500}
  local md="$OUT/sla-cost.md"
  {
    echo "| objectives | probes resolved/s | CPU s in window | CPU s per 1000 probes | SLA share of CPU samples (JFR) | load |"
    echo "|---|---|---|---|---|---|"
  } >"$md"
  for variant in on off; do
    local dir="$OUT/sla-$variant"
    rm -rf "$dir"
    mkdir -p "$dir"
    # two sites that are one in-process bucket: every probe is at the "other" site at once
    start_app "$dir/app.log" -Dsyncmeter.embedded.sites=on -Dsyncmeter.embedded.site-names=s3 \
      -Dsyncmeter.embedded.data-dir="$dir/data" \
      -Dsyncmeter.sites.dc1.endpoint="http://127.0.0.1:$S3_PORT" -Dsyncmeter.sites.dc1.bucket=syncmeter \
      -Dsyncmeter.sites.dc1.access-key=syncmeter -Dsyncmeter.sites.dc1.secret-key=syncmeter-secret \
      -Dsyncmeter.sites.dc2.endpoint="http://127.0.0.1:$S3_PORT" -Dsyncmeter.sites.dc2.bucket=syncmeter \
      -Dsyncmeter.sites.dc2.access-key=syncmeter -Dsyncmeter.sites.dc2.secret-key=syncmeter-secret \
      -Dsyncmeter.sync.enabled=false -Dsyncmeter.probe.rate="$rate" \
      -Dsyncmeter.sla.enabled=$([[ $variant == on ]] && echo true || echo false) \
      "-XX:StartFlightRecording=filename=$dir/profile.jfr,settings=profile,delay=${WARMUP}s,duration=${WINDOW}s"
    sleep "$WARMUP"
    metrics >"$dir/before.txt"
    local c0 c1 load0
    c0=$(cpu_seconds)
    load0=$(cut -d' ' -f1 /proc/loadavg)
    sleep "$WINDOW"
    c1=$(cpu_seconds)
    metrics >"$dir/after.txt"
    sleep 3 # the recording ends with the window
    stop_app
    local n
    n=$(python3 -c "print($(resolved "$dir/after.txt") - $(resolved "$dir/before.txt"))")
    "$JFR" print --stack-depth 64 --events jdk.ExecutionSample "$dir/profile.jfr" >"$dir/samples.txt"
    local share
    share=$(python3 - "$dir/samples.txt" "$dir/top-frames.txt" <<'PY'
import collections, re, sys
events, sla, top = 0, 0, collections.Counter()
current = None
for line in open(sys.argv[1]):
    if line.startswith('jdk.ExecutionSample'):
        events += 1; current = []
    elif current is not None and re.match(r'\s+[\w$.<>/]+\(', line):
        frame = line.strip().split('(')[0]
        if not current:
            top[frame] += 1
        current.append(frame)
        if frame.startswith('io.syncmeter.sla.') and len([f for f in current if f.startswith('io.syncmeter.sla.')]) == 1:
            sla += 1
with open(sys.argv[2], 'w') as out:
    for f, c in top.most_common(25):
        out.write(f"{c / max(events, 1):6.1%}  {f}\n")
print(f"{sla / max(events, 1):.2%} of {events}")
PY
)
    echo "| $variant | $(python3 -c "print(round($n / $WINDOW, 1))") | $(python3 -c "print(round($c1 - $c0, 1))") | $(python3 -c "print(round(($c1 - $c0) / max($n, 1) * 1000, 3))") | $share | $load0 |" | tee -a "$md"
  done
  cat "$md"
}

profile() {
  local rate=${1:-50} dir=$OUT/profile md=$OUT/profile.md
  rm -rf "$dir" && mkdir -p "$dir"
  start_app "$dir/app.log" -Dsyncmeter.embedded.data-dir="$dir/data" -Dsyncmeter.probe.rate="$rate" \
    "-XX:StartFlightRecording=filename=$dir/profile.jfr,settings=profile,delay=${WARMUP}s,duration=${WINDOW}s"
  sleep "$WARMUP"
  local c0 c1
  c0=$(cpu_seconds)
  sleep "$WINDOW"
  c1=$(cpu_seconds)
  sleep 3 # the recording ends with the window
  stop_app
  "$JFR" print --stack-depth 64 --events jdk.ExecutionSample "$dir/profile.jfr" >"$OUT/samples.txt"
  {
    echo "Rate $rate probes/s per site; CPU $(python3 -c "print(round($c1 - $c0, 1))") s in a ${WINDOW} s window."
    echo
    python3 - "$OUT/samples.txt" <<'PY'
import collections, re, sys
GROUPS = [('S3Proxy-Jetty', 'in-process S3 servers'), ('sync-lane', 'sync engine lanes'),
          ('probe-put', 'probe writers'), ('collector', 'collector'), ('kafka', 'Kafka (broker and clients)'),
          ('data-plane-kafka', 'Kafka (broker and clients)'), ('vert.x', 'HTTP server and messaging'),
          ('smallrye-kafka', 'Kafka (broker and clients)'), ('lifecycle', 'probe lifecycle'), ('sla', 'SLA')]
AREAS = [('org.gaul.s3proxy.ChunkedInputStream', 'S3Proxy aws-chunked decoding'),
         ('org.gaul.shaded.org.eclipse.jetty', 'Jetty (S3Proxy)'), ('org.gaul.s3proxy', 'S3Proxy'),
         ('org.jclouds', 'jclouds blob store'), ('software.amazon.awssdk.http', 'AWS SDK HTTP client'),
         ('org.apache.http', 'AWS SDK HTTP client'), ('software.amazon.awssdk', 'AWS SDK'),
         ('io.syncmeter', 'syncmeter'), ('sun.nio.ch', 'JDK sockets'), ('java.net', 'JDK sockets'),
         ('sun.nio.fs', 'JDK files'), ('java.io.File', 'JDK files'), ('sun.security', 'JDK crypto'),
         ('javax.crypto', 'JDK crypto'), ('com.sun.crypto', 'JDK crypto')]
samples, cur = [], None
for line in open(sys.argv[1]):
    if line.startswith('jdk.ExecutionSample'):
        cur = {'thread': '', 'frames': []}
        samples.append(cur)
    elif cur is not None:
        m = re.search(r'sampledThread = "([^"]*)"', line)
        if m:
            cur['thread'] = m.group(1)
        elif re.match(r'\s+[\w$.<>/]+\(', line):
            cur['frames'].append(line.strip().split('(')[0])
def group(t):
    for prefix, name in GROUPS:
        if t.startswith(prefix) or (prefix == 'kafka' and 'kafka' in t):
            return name
    return 'other'
def area(frames):
    for f in frames:
        for prefix, name in AREAS:
            if f.startswith(prefix):
                return name
    return 'other (JDK)'
n = max(len(samples), 1)
by_group = collections.Counter(group(s['thread']) for s in samples)
print(f'| thread group | share of {len(samples)} CPU samples |')
print('|---|---|')
for g, c in by_group.most_common():
    print(f'| {g} | {c / n:.1%} |')
for g, _ in by_group.most_common(2):
    ss = [s for s in samples if group(s['thread']) == g]
    print()
    print(f'| {g}: code area (nearest frame to the top) | share of the group |')
    print('|---|---|')
    for a, c in collections.Counter(area(s['frames']) for s in ss).most_common(8):
        print(f'| {a} | {c / len(ss):.1%} |')
PY
  } | tee "$md"
}

case $MODE in
  profile) profile "$@" ;;
  soak) soak ;;
  rates) rates "$@" ;;
  sla-cost) sla_cost ;;
  *) echo "$PROG: unknown mode '$MODE'" >&2; usage >&2; exit 2 ;;
esac
