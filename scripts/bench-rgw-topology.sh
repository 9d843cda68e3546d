#!/usr/bin/env bash
# bench-rgw-topology.sh — replication lag dc1→dc2 of a real Ceph RGW multisite, per sync
# topology of zone dc2, as syncmeter measures it.
#
# Usage:
#   scripts/bench-rgw-topology.sh [TOPOLOGY...]    run the given topologies (default: 1 2 3 4)
#   scripts/bench-rgw-topology.sh --help
#
# Topologies (dc1 always has one gateway, running the sync, its zone endpoint):
#   1  dc2: one gateway (the default multisite)
#   2  dc2: two gateways, both run the sync thread, both are zone endpoints
#   3  dc2: two gateways, the second's sync thread off but still listed as a zone endpoint
#   4  dc2: two gateways, the second's sync thread off and not a zone endpoint
#   5  dc2: three gateways, all run the sync thread, all are zone endpoints
#
# For each topology it brings the multisite up with scripts/rgw-multisite.sh (under
# BENCH_DIR), starts syncmeter's packaged jar against it (probes written only at dc1, a steady
# BENCH_RATE probes/s, profile `continuous`: late after 10 s, missing after 5 min; syncmeter
# reads dc2 through its first gateway), waits BENCH_WARMUP seconds, then measures for
# BENCH_SECONDS seconds, stops syncmeter (SIGTERM to its PID) and takes the multisite down.
# Build the jar first: `mvn -B -q -DskipTests package`.
#
# Figures per topology (direction dc1→dc2):
#   samples        probes found at dc2 during the window (delta of the Prometheus histogram
#                  count syncmeter_replication_lag_seconds_count)
#   p50/p99 (win)  from the delta of the histogram buckets over the window: the upper bound
#                  of the bucket holding the quantile (bounds 0.1 0.25 0.5 1 2.5 5 10 15 30
#                  60 120 300 s), so coarse
#   > 1 s (window) share of the window's samples slower than 1 s (same bucket deltas)
#   p50/p99/max    exact (HdrHistogram) `sinceStart` figures of /api/status at the end of the
#                  window; they include the warm-up's samples
#   late, missing  probes counted late (> 10 s) / missing (not seen after 5 min) in the
#                  window; a probe still pending at the end of the window is in `pending`
#   sync gw        syncmeter_rgw_sync_gateways{zone="dc2"} at the end of the window
#   load           1-minute load average at the start and at the end of the window
#
# The table goes to stdout and to BENCH_DIR/results.md; each topology's syncmeter log,
# metric snapshots and status are kept in BENCH_DIR/tN/. Any exit (error, Ctrl-C) stops
# syncmeter and takes the multisite down.
#
# Environment variables (defaults in brackets):
#   BENCH_SECONDS     measurement window per topology, seconds [180]
#   BENCH_WARMUP      warm-up before the window, seconds [30]
#   BENCH_RATE        probes per second written at dc1 [15]
#   BENCH_PROFILE     syncmeter probe profile [continuous]
#   BENCH_DIR         results and cluster directory [./target/bench-rgw-topology]
#   BENCH_JAR         syncmeter jar [./target/quarkus-app/quarkus-run.jar]
#   BENCH_HTTP_PORT   syncmeter HTTP port [28080]
#   BENCH_KAFKA_PORT  syncmeter's embedded Kafka broker port [29092]
#   BENCH_GW_PORT     first gateway port: dc1 uses it, dc2 the next ones [28001]
#   RGW_MON_PORT, RGW_MON_V1_PORT, RGW_MS_PORT_MIN, RGW_MS_PORT_MAX
#                     passed to rgw-multisite.sh [23300, 26789, 26800, 26899]
#   JAVA              java command [java]
# Needs: bash, curl, python3, java 17, and what rgw-multisite.sh needs.
set -euo pipefail

PROG=${0##*/}
HERE=$(cd "$(dirname "$0")" && pwd)
RGW="$HERE/rgw-multisite.sh"

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
case ${1:-} in -h|--help|help) usage; exit 0 ;; esac

SECONDS_WIN=${BENCH_SECONDS:-180}
WARMUP=${BENCH_WARMUP:-30}
RATE=${BENCH_RATE:-15}
PROFILE=${BENCH_PROFILE:-continuous}
OUT=${BENCH_DIR:-target/bench-rgw-topology}
JAR=${BENCH_JAR:-target/quarkus-app/quarkus-run.jar}
HTTP_PORT=${BENCH_HTTP_PORT:-28080}
KAFKA_PORT=${BENCH_KAFKA_PORT:-29092}
GW=${BENCH_GW_PORT:-28001}
JAVA=${JAVA:-java}
export RGW_MON_PORT=${RGW_MON_PORT:-23300}
export RGW_MON_V1_PORT=${RGW_MON_V1_PORT:-26789}
export RGW_MS_PORT_MIN=${RGW_MS_PORT_MIN:-26800}
export RGW_MS_PORT_MAX=${RGW_MS_PORT_MAX:-26899}
TOPOLOGIES=("$@")
(( ${#TOPOLOGIES[@]} > 0 )) || TOPOLOGIES=(1 2 3 4)

log() { printf '%s %s: %s\n' "$(date +%H:%M:%S)" "$PROG" "$*" >&2; }
die() { log "error: $*"; exit 1; }

for t in "${TOPOLOGIES[@]}"; do [[ $t =~ ^[1-5]$ ]] || die "unknown topology '$t' (1-5; see --help)"; done
for v in "$SECONDS_WIN" "$WARMUP" "$HTTP_PORT" "$KAFKA_PORT" "$GW"; do
  [[ $v =~ ^[0-9]+$ ]] || die "not a whole number: '$v'"
done
[[ -f $JAR ]] || die "no $JAR: build it first with mvn -B -q -DskipTests package"
command -v python3 >/dev/null || die "python3 is needed"
command -v curl >/dev/null || die "curl is needed"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# topology N -> description and rgw-multisite.sh environment
describe() {
  case $1 in
    1) echo "1 gateway per zone" ;;
    2) echo "dc2: 2 gateways, both sync, both endpoints" ;;
    3) echo "dc2: 2 gateways, 2nd sync off, still an endpoint" ;;
    4) echo "dc2: 2 gateways, 2nd sync off, not an endpoint" ;;
    5) echo "dc2: 3 gateways, all sync, all endpoints" ;;
  esac
}
topology_env() {
  local a=$((GW + 1)) b=$((GW + 2)) c=$((GW + 3))
  echo "RGW_DC1_PORTS=$GW RGW_DC1_SYNC=true RGW_DC1_ENDPOINTS=$GW"
  case $1 in
    1) echo "RGW_DC2_PORTS=$a RGW_DC2_SYNC=true RGW_DC2_ENDPOINTS=$a" ;;
    2) echo "RGW_DC2_PORTS=$a,$b RGW_DC2_SYNC=true,true RGW_DC2_ENDPOINTS=$a,$b" ;;
    3) echo "RGW_DC2_PORTS=$a,$b RGW_DC2_SYNC=true,false RGW_DC2_ENDPOINTS=$a,$b" ;;
    4) echo "RGW_DC2_PORTS=$a,$b RGW_DC2_SYNC=true,false RGW_DC2_ENDPOINTS=$a" ;;
    5) echo "RGW_DC2_PORTS=$a,$b,$c RGW_DC2_SYNC=true,true,true RGW_DC2_ENDPOINTS=$a,$b,$c" ;;
  esac
}

CLUSTER="$OUT/cluster"
SM_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_syncmeter
  if [[ -d $CLUSTER ]]; then "$RGW" down "$CLUSTER" >&2 || log "warning: $RGW down $CLUSTER failed"; fi
  exit "$rc"
}
stop_syncmeter() {
  [[ -n $SM_PID ]] || return 0
  if kill -0 "$SM_PID" 2>/dev/null; then
    log "stopping syncmeter (PID $SM_PID)"
    kill -TERM "$SM_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SM_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$SM_PID" 2>/dev/null; then
      log "syncmeter (PID $SM_PID) still alive after 30 s: SIGKILL"
      kill -KILL "$SM_PID" 2>/dev/null || true
    fi
  fi
  wait "$SM_PID" 2>/dev/null || true
  SM_PID=""
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[[ ! -e $CLUSTER ]] || die "$CLUSTER exists (a previous run?): take it down with $RGW down $CLUSTER"
for p in "$HTTP_PORT" "$KAFKA_PORT"; do
  if port_busy "$p"; then die "port $p already in use; choose another with BENCH_HTTP_PORT / BENCH_KAFKA_PORT"; fi
done
mkdir -p "$OUT"

METRICS_URL="http://127.0.0.1:$HTTP_PORT/q/metrics"
STATUS_URL="http://127.0.0.1:$HTTP_PORT/api/status?source=dc1&target=dc2"
load1() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?"; }

# compute TDIR: one table row (tab-separated) from the snapshots in TDIR
compute() {
  python3 - "$1" <<'PY'
import json, math, re, sys
d = sys.argv[1]
LBL = re.compile(r'(\w+)="([^"]*)"')
def metrics(path):
    out = {}
    for line in open(path):
        if line.startswith('#') or not line.strip():
            continue
        m = re.match(r'^(\w+)(?:\{(.*)\})?\s+(\S+)', line)
        if not m:
            continue
        out.setdefault(m.group(1), []).append((dict(LBL.findall(m.group(2) or '')), float(m.group(3))))
    return out
def pick(ms, name, **want):
    return [(l, v) for l, v in ms.get(name, []) if all(l.get(k) == x for k, x in want.items())]
a, b = metrics(d + '/metrics-start.txt'), metrics(d + '/metrics-end.txt')
dirn = dict(source_site='dc1', target_site='dc2')
def buckets(ms):
    return {float(l['le']): v for l, v in pick(ms, 'syncmeter_replication_lag_seconds_bucket', **dirn)}
ba, bb = buckets(a), buckets(b)
delta = sorted((le, bb[le] - ba.get(le, 0.0)) for le in bb)
total = delta[-1][1] if delta else 0
def q(p):
    if total <= 0:
        return '-'
    rank = math.ceil(p * total)
    for le, c in delta:
        if c >= rank:
            return '≤ %g' % le if le != math.inf else '> %g' % max(x for x, _ in delta if x != math.inf)
    return '?'
def outcome(ms, o):
    return sum(v for _, v in pick(ms, 'syncmeter_replication_objects_total', outcome=o, **dirn))
over1 = total - sum(c for le, c in delta if le == 1.0)
over1 = '%.1f %%' % (100.0 * over1 / total) if total > 0 else '-'
late = outcome(b, 'late') - outcome(a, 'late')
missing = outcome(b, 'missing') - outcome(a, 'missing')
gw = pick(b, 'syncmeter_rgw_sync_gateways', zone='dc2')
gw = '%d' % gw[0][1] if gw else '?'
st = json.load(open(d + '/status-end.json'))
ds = [x for x in st.get('directions', []) if x.get('sourceSite') == 'dc1' and x.get('targetSite') == 'dc2']
s = ds[0]['sinceStart'] if ds else {}
pending = ds[0].get('pending', '?') if ds else '?'
f = lambda k: '%.2f' % s[k] if s.get(k) is not None else '-'
print('\t'.join(str(x) for x in [int(total), q(0.5), q(0.99), over1, s.get('count', '-'), f('p50'), f('p99'), f('max'),
                                  int(late), int(missing), pending, gw]))
PY
}

RESULTS="$OUT/results.md"
START=$(date +%s)
{
  echo "RGW multisite sync topology vs replication lag dc1→dc2 — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  echo "rate $RATE probes/s at dc1, profile $PROFILE, warm-up $WARMUP s, window $SECONDS_WIN s"
  echo
  echo "| topology | samples (window) | p50 (window, bucket) | p99 (window, bucket) | > 1 s (window) | samples (since start) | p50 | p99 | max | late | missing | pending at end | sync gateways dc2 | load 1 min (start → end) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} >"$RESULTS"

for t in "${TOPOLOGIES[@]}"; do
  TDIR="$OUT/t$t"
  rm -rf "$TDIR"; mkdir -p "$TDIR"
  envs=$(topology_env "$t" | tr "\n" " ")
  log "topology $t: $(describe "$t") ($envs)"
  # shellcheck disable=SC2086
  env $envs "$RGW" up "$CLUSTER" >"$TDIR/rgw-up.log" 2>&1 || { tail -n 20 "$TDIR/rgw-up.log" >&2; die "rgw-multisite.sh up failed (log: $TDIR/rgw-up.log)"; }
  cp "$CLUSTER/syncmeter.properties" "$TDIR/syncmeter.properties"

  for p in "$HTTP_PORT" "$KAFKA_PORT"; do if port_busy "$p"; then die "port $p already in use"; fi; done
  "$JAVA" -Dquarkus.config.locations="$CLUSTER/syncmeter.properties" \
    -Dquarkus.http.port="$HTTP_PORT" -Dsyncmeter.embedded.kafka-port="$KAFKA_PORT" \
    -Dsyncmeter.probe.sites=dc1 -Dsyncmeter.probe.rate="$RATE" -Dsyncmeter.probe.profile="$PROFILE" \
    -jar "$JAR" >"$TDIR/syncmeter.log" 2>&1 &
  SM_PID=$!
  log "syncmeter started (PID $SM_PID, log $TDIR/syncmeter.log)"
  ok=""
  for _ in $(seq 1 240); do
    kill -0 "$SM_PID" 2>/dev/null || { tail -n 30 "$TDIR/syncmeter.log" >&2; die "syncmeter exited"; }
    if curl -fsS -o /dev/null "$STATUS_URL" 2>/dev/null; then ok=1; break; fi
    sleep 0.5
  done
  [[ -n $ok ]] || die "syncmeter did not answer on $STATUS_URL within 120 s"

  log "warm-up ${WARMUP} s"
  sleep "$WARMUP"
  curl -fsS "$METRICS_URL" >"$TDIR/metrics-start.txt"
  load_start=$(load1)
  log "measuring ${SECONDS_WIN} s (load $load_start)"
  sleep "$SECONDS_WIN"
  curl -fsS "$METRICS_URL" >"$TDIR/metrics-end.txt"
  curl -fsS "$STATUS_URL" >"$TDIR/status-end.json"
  load_end=$(load1)
  stop_syncmeter
  "$RGW" down "$CLUSTER" >"$TDIR/rgw-down.log" 2>&1 || die "rgw-multisite.sh down failed (log: $TDIR/rgw-down.log)"

  row=$(compute "$TDIR")
  IFS=$'\t' read -r n wp50 wp99 over1 sn sp50 sp99 smax late missing pending gw <<<"$row"
  line="| $t: $(describe "$t") | $n | $wp50 | $wp99 | $over1 | $sn | $sp50 | $sp99 | $smax | $late | $missing | $pending | $gw | $load_start → $load_end |"
  echo "$line" >>"$RESULTS"
  log "result: $line"
done

echo >>"$RESULTS"
echo "total run time $(( $(date +%s) - START )) s" >>"$RESULTS"
cat "$RESULTS"
