#!/usr/bin/env bash
# rgw-multisite.sh — a real two-zone Ceph RGW multisite on this machine, for trying and
# testing syncmeter against RGW's own replication.
#
# Usage:
#   scripts/rgw-multisite.sh up     [DIR]   start it (DIR default: ./target/rgw-multisite)
#   scripts/rgw-multisite.sh down   [DIR]   stop exactly the processes it started, remove DIR
#   scripts/rgw-multisite.sh status [DIR]   print DIR/endpoints.env and whether its PIDs live
#   scripts/rgw-multisite.sh stop-gateway  DIR NAME|ZONE   stop a gateway (dc2-1) or a zone's (dc2)
#   scripts/rgw-multisite.sh start-gateway DIR NAME|ZONE   start them again, wait until they answer
#   scripts/rgw-multisite.sh --help
#
# What `up` builds (Debian's Ceph packages; installed with apt-get when missing, which needs
# root): one mon, one RAM-backed (memstore) OSD, no mgr, cephx off, everything bound to
# 127.0.0.1 and kept under DIR. Realm `syncmeter`, zonegroup `syncmeter-zg`, zones `dc1`
# (master) and `dc2` (secondary) with their own pools, one or more `radosgw` per zone, each
# its own [client.rgw.dcN-K] section. A system user carries the sync; a normal S3 user
# (`syncmeter`, generated keys) is what clients use. No bucket is created: a bucket created
# on dc1 (the master) appears on dc2 through metadata sync, and its objects through data
# sync (both directions). Buckets created on dc2 are forwarded to dc1 by RGW.
#
# `up` returns once every gateway answers and the S3 user authenticates on every gateway of
# both zones. It writes:
#   DIR/endpoints.env          shell-sourceable: RGW_ACCESS_KEY, RGW_SECRET_KEY,
#                              RGW_DC1_ENDPOINT / RGW_DC2_ENDPOINT (first gateway of the zone),
#                              RGW_DC1_GATEWAYS / RGW_DC2_GATEWAYS (comma lists),
#                              RGW_CEPH_CONF, RGW_ADMIN_SOCKETS (every gateway, comma list,
#                              also per zone as RGW_DC1_ADMIN_SOCKETS / RGW_DC2_ADMIN_SOCKETS),
#                              RGW_SYSTEM_ACCESS_KEY / RGW_SYSTEM_SECRET_KEY, ...
#   DIR/syncmeter.properties   syncmeter sites dc1/dc2 (bucket `syncmeter`, created on dc1) with
#                              syncmeter's sync engine off: RGW replicates by itself
#   DIR/ceph.conf              for the ceph / radosgw-admin CLIs: `radosgw-admin -c DIR/ceph.conf
#                              sync status --rgw-zone=dc2`
#   DIR/pids/*.pid             the daemons `down` stops; DIR/log/ has their logs
#
# `up` refuses (non-zero exit, naming the port) when a port it needs is busy, and refuses when
# DIR already holds a running cluster. When start-up fails half way it stops what it started
# (logs stay in DIR; `down` removes it). `down` on a missing DIR succeeds. `status` exits 0
# only when every recorded daemon is alive.
#
# Environment variables (defaults in brackets):
#   RGW_MON_PORT          mon msgr v2 port [13300]
#   RGW_MON_V1_PORT       mon msgr v1 port [16789]
#   RGW_MS_PORT_MIN/MAX   port range of the OSD's messengers (ms_bind_port_min/max) [16800/16899]
#   RGW_DC1_PORTS         gateway ports of zone dc1, comma list [18001]
#   RGW_DC2_PORTS         gateway ports of zone dc2, comma list [18002]
#   RGW_DC1_SYNC          per dc1 gateway, true/false: runs the sync thread
#                         (rgw_run_sync_thread) [true for all]
#   RGW_DC2_SYNC          the same for dc2 [true for all]
#   RGW_DC1_ENDPOINTS     ports of dc1 gateways listed as the zone's endpoints in the zone
#                         config (where the other zone sends change notifications and sync
#                         requests) [all dc1 gateways]
#   RGW_DC2_ENDPOINTS     the same for dc2 [all dc2 gateways]
#   RGW_MEMSTORE_BYTES    size of the RAM-backed OSD [2147483648]
#   RGW_READY_TIMEOUT     seconds to wait for the daemons and gateways [120]
#
# Example — two dc2 gateways, the second without the sync thread and not a zone endpoint:
#   RGW_DC2_PORTS=18002,18003 RGW_DC2_SYNC=true,false RGW_DC2_ENDPOINTS=18002 \
#     scripts/rgw-multisite.sh up
#   . target/rgw-multisite/endpoints.env
#   radosgw-admin -c "$RGW_CEPH_CONF" sync status --rgw-zone=dc2
#   scripts/rgw-multisite.sh down
set -euo pipefail

PROG=${0##*/}
EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
MARKER=.rgw-multisite

usage() { sed -n '2,/^set -euo pipefail$/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
die() { echo "$PROG: $*" >&2; exit 1; }
log() { printf '%s [%6.1fs] %s\n' "$PROG" "$(elapsed)" "$*" >&2; }

START_NS=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - START_NS) / 1000000 ))" | awk '{ printf "%.1f", $1 / 1000 }'; }

# ---------------------------------------------------------------- options
MON_PORT=${RGW_MON_PORT:-13300}
MON_V1_PORT=${RGW_MON_V1_PORT:-16789}
MS_MIN=${RGW_MS_PORT_MIN:-16800}
MS_MAX=${RGW_MS_PORT_MAX:-16899}
MEMSTORE_BYTES=${RGW_MEMSTORE_BYTES:-2147483648}
READY_TIMEOUT=${RGW_READY_TIMEOUT:-120}

split() { local IFS=','; read -r -a "$1" <<<"$2"; }

is_port() { [[ $1 =~ ^[0-9]+$ ]] && (( $1 >= 1 && $1 <= 65535 )); }

# zone_options ZONE PORTS SYNC ENDPOINTS: validated into arrays <ZONE>_PORTS/_SYNC/_EPS
zone_options() {
  local zone=$1 ports=$2 sync=$3 eps=$4 up p found q
  up=${zone^^}
  local -a P S E
  split P "$ports"
  (( ${#P[@]} > 0 )) || die "RGW_${up}_PORTS is empty"
  for p in "${P[@]}"; do is_port "$p" || die "RGW_${up}_PORTS: '$p' is not a port"; done
  if [[ -z $sync ]]; then
    S=(); for p in "${P[@]}"; do S+=(true); done
  else
    split S "$sync"
    (( ${#S[@]} == ${#P[@]} )) || die "RGW_${up}_SYNC needs one true/false per gateway (${#P[@]})"
    for p in "${S[@]}"; do [[ $p == true || $p == false ]] || die "RGW_${up}_SYNC: '$p' is not true/false"; done
  fi
  if [[ -z $eps ]]; then
    E=("${P[@]}")
  else
    split E "$eps"
    for p in "${E[@]}"; do
      found=false
      for q in "${P[@]}"; do [[ $p == "$q" ]] && found=true; done
      $found || die "RGW_${up}_ENDPOINTS: $p is not one of the $zone gateway ports (${P[*]})"
    done
  fi
  eval "${up}_PORTS=(\"\${P[@]}\"); ${up}_SYNC=(\"\${S[@]}\"); ${up}_EPS=(\"\${E[@]}\")"
}

declare -a DC1_PORTS DC1_SYNC DC1_EPS DC2_PORTS DC2_SYNC DC2_EPS
load_options() {
  for v in MON_PORT MON_V1_PORT MS_MIN MS_MAX; do is_port "${!v}" || die "bad port in $v: ${!v}"; done
  (( MS_MAX - MS_MIN >= 9 )) || die "RGW_MS_PORT_MIN..RGW_MS_PORT_MAX needs at least 10 ports"
  [[ $MEMSTORE_BYTES =~ ^[0-9]+$ ]] || die "RGW_MEMSTORE_BYTES must be a number of bytes"
  [[ $READY_TIMEOUT =~ ^[0-9]+$ ]] || die "RGW_READY_TIMEOUT must be a number of seconds"
  zone_options dc1 "${RGW_DC1_PORTS:-18001}" "${RGW_DC1_SYNC:-}" "${RGW_DC1_ENDPOINTS:-}"
  zone_options dc2 "${RGW_DC2_PORTS:-18002}" "${RGW_DC2_SYNC:-}" "${RGW_DC2_ENDPOINTS:-}"
  local all=("$MON_PORT" "$MON_V1_PORT" "${DC1_PORTS[@]}" "${DC2_PORTS[@]}") dup
  dup=$(printf '%s\n' "${all[@]}" | sort | uniq -d | head -n1)
  [[ -z $dup ]] || die "port $dup is configured twice"
  for p in "${all[@]}"; do
    (( p < MS_MIN || p > MS_MAX )) || die "port $p lies in the messenger range $MS_MIN-$MS_MAX"
  done
}

# ---------------------------------------------------------------- helpers
resolve_dir() {
  local d=${1:-./target/rgw-multisite}
  [[ $d == /* ]] || d="$PWD/$d"
  # normalise without requiring existence
  d=$(realpath -m -- "$d")
  [[ $d != / && $d != "$HOME" ]] || die "refusing to use $d as the cluster directory"
  echo "$d"
}

listening_ports() {
  if command -v ss >/dev/null 2>&1; then
    ss -ltnH | awk '{ n = split($4, a, ":"); print a[n] }' | sort -un
  else
    return 1
  fi
}

port_busy() { # port_busy PORT [listening-port-list]
  if [[ -n ${2:-} ]]; then grep -qx "$1" <<<"$2"; return; fi
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

check_ports() {
  local listening busy=() p
  listening=$(listening_ports || true)
  for p in "$MON_PORT" "$MON_V1_PORT" "${DC1_PORTS[@]}" "${DC2_PORTS[@]}"; do
    if port_busy "$p" "$listening"; then busy+=("$p"); fi
  done
  if [[ -n $listening ]]; then
    while read -r p; do [[ -n $p ]] && busy+=("$p"); done \
      < <(awk -v lo="$MS_MIN" -v hi="$MS_MAX" '$1 >= lo && $1 <= hi' <<<"$listening")
  fi
  if (( ${#busy[@]} > 0 )); then
    die "port(s) ${busy[*]} already in use (mon $MON_PORT/$MON_V1_PORT, messengers $MS_MIN-$MS_MAX," \
        "gateways ${DC1_PORTS[*]} ${DC2_PORTS[*]}); choose others with RGW_MON_PORT, RGW_MON_V1_PORT," \
        "RGW_MS_PORT_MIN/MAX, RGW_DC1_PORTS, RGW_DC2_PORTS"
  fi
}

ensure_packages() {
  local missing=() c
  for c in ceph-mon ceph-osd radosgw radosgw-admin ceph monmaptool; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
  done
  (( ${#missing[@]} == 0 )) && return 0
  log "missing ${missing[*]}: installing Debian's Ceph packages"
  local sudo=()
  if (( EUID != 0 )); then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to install ceph-mon ceph-osd radosgw ceph-common"
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    ceph-mon ceph-osd radosgw ceph-common >&2
  for c in ceph-mon ceph-osd radosgw radosgw-admin ceph monmaptool; do
    command -v "$c" >/dev/null 2>&1 || die "$c still missing after apt-get install"
  done
}

# pid_alive PIDFILE: the recorded process lives and is a Ceph daemon of this directory
pid_alive() {
  local f=$1 pid
  [[ -f $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$DIR/ceph.conf"
}

running_pids() {
  local f
  for f in "$DIR"/pids/*.pid; do
    [[ -e $f ]] || continue
    if pid_alive "$f"; then echo "$f"; fi
  done
}

# stop_daemons: gateways first, then the OSD, then the mon. TERM, wait up to 10 s, KILL.
stop_daemons() {
  local f order=()
  [[ -d $DIR/pids ]] || return 0
  for f in "$DIR"/pids/rgw.*.pid "$DIR"/pids/osd.*.pid "$DIR"/pids/mon.*.pid; do
    [[ -e $f ]] && order+=("$f")
  done
  (( ${#order[@]} > 0 )) || return 0
  stop_pid_files "${order[@]}"
}

# stop_pid_files FILE...: stop the daemons those PID files name, in that order
stop_pid_files() {
  local f pid waited live=()
  for f in "$@"; do
    if pid_alive "$f"; then
      pid=$(<"$f"); live+=("$pid")
      echo "$PROG: stopping $(basename "$f" .pid) (pid $pid)" >&2
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  waited=0
  while (( waited < 100 )); do
    local still=()
    for pid in "${live[@]}"; do [[ -d /proc/$pid ]] && still+=("$pid"); done
    (( ${#still[@]} == 0 )) && break
    sleep 0.1; waited=$((waited + 1))
  done
  for pid in "${live[@]}"; do
    if [[ -d /proc/$pid ]]; then
      echo "$PROG: pid $pid did not stop within 10 s, killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  for pid in "${live[@]}"; do
    # reap our own children (when `up` fails half way), then make sure they are gone
    wait "$pid" 2>/dev/null || true
    while [[ -d /proc/$pid && $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]]; do sleep 0.1; done
  done
}

CEPH_TIMEOUT=30
ceph_cli() { timeout "$CEPH_TIMEOUT" ceph -c "$DIR/ceph.conf" --connect-timeout 20 "$@"; }
rgwadmin() { timeout 120 radosgw-admin -c "$DIR/ceph.conf" "$@"; }

# start NAME CMD...: start a daemon in the foreground under nohup, record its PID
start_daemon() {
  local name=$1; shift
  nohup "$@" >"$DIR/log/$name.out" 2>&1 </dev/null &
  echo $! >"$DIR/pids/$name.pid"
}

wait_for() { # wait_for WHAT CMD...: retry until CMD succeeds or the ready timeout passes
  local what=$1; shift
  local deadline=$(( $(date +%s) + READY_TIMEOUT ))
  until "$@" >/dev/null 2>&1; do
    check_daemons
    (( $(date +%s) < deadline )) || die "timed out after ${READY_TIMEOUT}s waiting for $what (logs in $DIR/log)"
    sleep 0.5
  done
}

check_daemons() {
  local f
  for f in "$DIR"/pids/*.pid; do
    [[ -e $f ]] || continue
    pid_alive "$f" || die "$(basename "$f" .pid) exited; last lines of its logs:"$'\n'"$(tail -n 15 "$DIR/log/$(basename "$f" .pid)".* 2>/dev/null)"
  done
}

hexkey() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

s3_ok() { # s3_ok URL ACCESS SECRET: an authenticated ListBuckets answers 200
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
        --aws-sigv4 "aws:amz:us-east-1:s3" --user "$2:$3" \
        -H "x-amz-content-sha256: $EMPTY_SHA256" "$1/") == 200 ]]
}
http_up() { curl -s -o /dev/null --max-time 5 "$1/"; }

csv() { local IFS=','; echo "$*"; }

# ---------------------------------------------------------------- commands
write_conf() {
  local conf=$DIR/ceph.conf zone i port name
  cat >"$conf" <<EOF
# written by $PROG; a throw-away test cluster (no authentication, RAM-backed OSD)
[global]
fsid = $FSID
mon_host = [v2:127.0.0.1:$MON_PORT,v1:127.0.0.1:$MON_V1_PORT]
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
ms_bind_port_min = $MS_MIN
ms_bind_port_max = $MS_MAX
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
# with auth off the secure messenger modes cannot work; radosgw defaults to them
ms_mon_client_mode = crc
ms_mon_cluster_mode = crc
ms_mon_service_mode = crc
ms_client_mode = crc
ms_cluster_mode = crc
ms_service_mode = crc
run_dir = $DIR/run
crash_dir = $DIR/crash
admin_socket = $DIR/run/\$name.asok
log_file = $DIR/log/\$name.log
pid_file = $DIR/run/\$name.pid
keyring = $DIR/keyring
mon_data = $DIR/mon/\$id
osd_data = $DIR/osd/\$id
osd_objectstore = memstore
memstore_device_bytes = $MEMSTORE_BYTES
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
mon_max_pg_per_osd = 1000
mon_warn_on_pool_no_redundancy = false
mon_data_avail_warn = 2
mon_data_avail_crit = 1
rgw_thread_pool_size = 64

[client]
# CLI tools (ceph, radosgw-admin): no admin socket, their own log
admin_socket =
log_file = $DIR/log/client.log
rgw_realm = syncmeter
rgw_zonegroup = syncmeter-zg
EOF
  for zone in dc1 dc2; do
    local -n ports=${zone^^}_PORTS sync=${zone^^}_SYNC
    for i in "${!ports[@]}"; do
      port=${ports[$i]}; name=$zone-$((i + 1))
      cat >>"$conf" <<EOF

[client.rgw.$name]
rgw_frontends = beast endpoint=127.0.0.1:$port
rgw_realm = syncmeter
rgw_zonegroup = syncmeter-zg
rgw_zone = $zone
rgw_run_sync_thread = ${sync[$i]}
admin_socket = $DIR/run/rgw.$name.asok
log_file = $DIR/log/rgw.$name.log
EOF
    done
    unset -n ports sync
  done
}

urls() { local p out=(); for p in "$@"; do out+=("http://127.0.0.1:$p"); done; csv "${out[@]}"; }

cmd_up() {
  load_options
  if [[ -d $DIR ]]; then
    [[ -n $(running_pids) ]] && die "$DIR already has a running cluster; '$PROG down $DIR' first"
    if [[ -n $(ls -A "$DIR") && ! -e $DIR/$MARKER ]]; then
      die "$DIR exists and was not made by $PROG; choose another directory"
    fi
  fi
  check_ports
  ensure_packages
  rm -rf -- "$DIR"
  mkdir -p "$DIR"/{run,log,pids,mon,osd,crash}
  : >"$DIR/$MARKER"
  trap 'up_failed' EXIT
  trap 'exit 130' INT TERM

  FSID=$(cat /proc/sys/kernel/random/uuid)
  write_conf

  log "mon on 127.0.0.1:$MON_PORT (v2) / $MON_V1_PORT (v1)"
  monmaptool --create --clobber --fsid "$FSID" \
    --addv a "[v2:127.0.0.1:$MON_PORT,v1:127.0.0.1:$MON_V1_PORT]" "$DIR/monmap" >"$DIR/log/mkfs.log" 2>&1
  ceph-mon -c "$DIR/ceph.conf" --mkfs -i a --monmap "$DIR/monmap" >>"$DIR/log/mkfs.log" 2>&1
  start_daemon mon.a ceph-mon -f -c "$DIR/ceph.conf" -i a
  wait_for "the mon" ceph_cli mon stat

  log "OSD (memstore, $MEMSTORE_BYTES bytes)"
  local osd_uuid; osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  local osd_id; osd_id=$(ceph_cli osd new "$osd_uuid")
  [[ $osd_id == 0 ]] || die "unexpected OSD id '$osd_id'"
  mkdir -p "$DIR/osd/0"
  ceph-osd -c "$DIR/ceph.conf" -i 0 --mkfs --osd-uuid "$osd_uuid" >>"$DIR/log/mkfs.log" 2>&1
  start_daemon osd.0 ceph-osd -f -c "$DIR/ceph.conf" -i 0
  wait_for "the OSD to be up" osd_up

  log "realm syncmeter, zonegroup syncmeter-zg, zones dc1 (master) and dc2"
  SYS_AK=$(hexkey 10 | tr a-f A-F); SYS_SK=$(hexkey 20)
  USER_AK=$(hexkey 10 | tr a-f A-F); USER_SK=$(hexkey 20)
  local dc1_eps dc2_eps
  dc1_eps=$(urls "${DC1_EPS[@]}"); dc2_eps=$(urls "${DC2_EPS[@]}")
  {
    rgwadmin realm create --rgw-realm=syncmeter --default
    rgwadmin zonegroup create --rgw-realm=syncmeter --rgw-zonegroup=syncmeter-zg \
      --endpoints="$dc1_eps" --master --default
    rgwadmin zone create --rgw-zonegroup=syncmeter-zg --rgw-zone=dc1 --master --default \
      --endpoints="$dc1_eps" --access-key="$SYS_AK" --secret="$SYS_SK"
    rgwadmin zone create --rgw-zonegroup=syncmeter-zg --rgw-zone=dc2 \
      --endpoints="$dc2_eps" --access-key="$SYS_AK" --secret="$SYS_SK"
    rgwadmin user create --rgw-zone=dc1 --uid=sync-system --display-name="multisite sync" \
      --system --access-key="$SYS_AK" --secret="$SYS_SK"
    rgwadmin user create --rgw-zone=dc1 --uid=syncmeter --display-name="syncmeter" \
      --access-key="$USER_AK" --secret="$USER_SK"
    rgwadmin period update --commit --rgw-realm=syncmeter --rgw-zone=dc1
  } >"$DIR/log/radosgw-admin.log" 2>&1 || die "radosgw-admin failed; see $DIR/log/radosgw-admin.log:"$'\n'"$(tail -n 20 "$DIR/log/radosgw-admin.log")"

  local zone i name
  for zone in dc1 dc2; do
    local -n ports=${zone^^}_PORTS sync=${zone^^}_SYNC
    for i in "${!ports[@]}"; do
      name=$zone-$((i + 1))
      log "gateway $name on 127.0.0.1:${ports[$i]} (sync thread ${sync[$i]})"
      start_daemon "rgw.$name" radosgw -f -c "$DIR/ceph.conf" -n "client.rgw.$name"
    done
    unset -n ports sync
  done
  for zone in dc1 dc2; do
    local -n ports=${zone^^}_PORTS
    for i in "${!ports[@]}"; do
      wait_for "gateway $zone-$((i + 1)) on port ${ports[$i]}" http_up "http://127.0.0.1:${ports[$i]}"
      log "gateway $zone-$((i + 1)) answers"
    done
    for i in "${!ports[@]}"; do
      wait_for "user syncmeter to authenticate on $zone-$((i + 1)) (port ${ports[$i]})" \
        s3_ok "http://127.0.0.1:${ports[$i]}" "$USER_AK" "$USER_SK"
    done
    log "zone $zone: S3 user authenticates on every gateway"
    unset -n ports
  done

  write_outputs
  trap - EXIT INT TERM
  log "ready: $DIR/endpoints.env, $DIR/syncmeter.properties"
  cat "$DIR/endpoints.env"
}

osd_up() { ceph_cli osd stat -f json | grep -q '"num_up_osds":1'; }

up_failed() {
  local rc=$?
  (( rc == 0 )) && return
  echo "$PROG: start-up failed; stopping what was started (logs stay in $DIR/log; '$PROG down $DIR' removes it)" >&2
  stop_daemons
  exit "$rc"
}

write_outputs() {
  local socks1=() socks2=() i
  for i in "${!DC1_PORTS[@]}"; do socks1+=("$DIR/run/rgw.dc1-$((i + 1)).asok"); done
  for i in "${!DC2_PORTS[@]}"; do socks2+=("$DIR/run/rgw.dc2-$((i + 1)).asok"); done
  cat >"$DIR/endpoints.env" <<EOF
# written by $PROG up; source it: . $DIR/endpoints.env
RGW_DIR='$DIR'
RGW_CEPH_CONF='$DIR/ceph.conf'
RGW_REALM='syncmeter'
RGW_ZONEGROUP='syncmeter-zg'
RGW_ACCESS_KEY='$USER_AK'
RGW_SECRET_KEY='$USER_SK'
RGW_SYSTEM_ACCESS_KEY='$SYS_AK'
RGW_SYSTEM_SECRET_KEY='$SYS_SK'
RGW_DC1_ENDPOINT='http://127.0.0.1:${DC1_PORTS[0]}'
RGW_DC2_ENDPOINT='http://127.0.0.1:${DC2_PORTS[0]}'
RGW_DC1_GATEWAYS='$(urls "${DC1_PORTS[@]}")'
RGW_DC2_GATEWAYS='$(urls "${DC2_PORTS[@]}")'
RGW_DC1_SYNC='$(csv "${DC1_SYNC[@]}")'
RGW_DC2_SYNC='$(csv "${DC2_SYNC[@]}")'
RGW_DC1_ZONE_ENDPOINTS='$(urls "${DC1_EPS[@]}")'
RGW_DC2_ZONE_ENDPOINTS='$(urls "${DC2_EPS[@]}")'
RGW_DC1_ADMIN_SOCKETS='$(csv "${socks1[@]}")'
RGW_DC2_ADMIN_SOCKETS='$(csv "${socks2[@]}")'
RGW_ADMIN_SOCKETS='$(csv "${socks1[@]}" "${socks2[@]}")'
EOF
  cat >"$DIR/syncmeter.properties" <<EOF
# written by $PROG up: syncmeter measuring the replication of a real Ceph RGW multisite.
# RGW replicates by itself, so syncmeter's own sync engine is off. The bucket is created
# on dc1 (the master zone); it reaches dc2 by RGW metadata sync.
syncmeter.sync.enabled=false
syncmeter.sites.dc1.endpoint=http://127.0.0.1:${DC1_PORTS[0]}
syncmeter.sites.dc1.bucket=syncmeter
syncmeter.sites.dc1.access-key=$USER_AK
syncmeter.sites.dc1.secret-key=$USER_SK
syncmeter.sites.dc1.create-bucket=true
syncmeter.sites.dc2.endpoint=http://127.0.0.1:${DC2_PORTS[0]}
syncmeter.sites.dc2.bucket=syncmeter
syncmeter.sites.dc2.access-key=$USER_AK
syncmeter.sites.dc2.secret-key=$USER_SK
# RGW's own view of its sync (admin API with the system user; gateway admin sockets)
syncmeter.rgw.enabled=true
syncmeter.rgw.access-key=$SYS_AK
syncmeter.rgw.secret-key=$SYS_SK
syncmeter.rgw.zones.dc1.admin-sockets=$(csv "${socks1[@]}")
syncmeter.rgw.zones.dc2.admin-sockets=$(csv "${socks2[@]}")
EOF
}

cmd_down() {
  if [[ ! -e $DIR ]]; then echo "$PROG: $DIR does not exist; nothing to stop" >&2; return 0; fi
  [[ -e $DIR/$MARKER ]] || die "$DIR was not made by $PROG; not touching it"
  stop_daemons
  rm -rf -- "$DIR"
  echo "$PROG: stopped and removed $DIR" >&2
}

cmd_status() {
  [[ -e $DIR/$MARKER ]] || { echo "$PROG: no cluster in $DIR" >&2; return 1; }
  if [[ -f $DIR/endpoints.env ]]; then cat "$DIR/endpoints.env"; else echo "# no endpoints.env (start-up incomplete)"; fi
  local f ok=0
  for f in "$DIR"/pids/*.pid; do
    [[ -e $f ]] || continue
    if pid_alive "$f"; then echo "$(basename "$f" .pid) pid $(<"$f") alive"
    else echo "$(basename "$f" .pid) pid $(<"$f") DEAD"; ok=1; fi
  done
  return "$ok"
}

# gateways NAME|ZONE: the gateway names (dc2-1, ...) of that zone, or that one gateway
gateways() {
  local g found=0
  for g in $(sed -n 's/^\[client\.rgw\.\(.*\)\]$/\1/p' "$DIR/ceph.conf"); do
    if [[ $g == "$1" || $g == "$1"-* ]]; then echo "$g"; found=1; fi
  done
  (( found )) || die "no gateway or zone named '$1' in $DIR/ceph.conf"
}

gateway_port() { # the loopback port of gateway NAME, from its rgw_frontends line
  awk -v s="[client.rgw.$1]" '$0 == s {f = 1; next} /^\[/ {f = 0}
    f && /rgw_frontends/ {sub(/.*127\.0\.0\.1:/, ""); print; exit}' "$DIR/ceph.conf"
}

cmd_stop_gateway() { # stop one gateway or every gateway of a zone (an outage); start-gateway undoes it
  [[ -e $DIR/$MARKER ]] || die "no cluster in $DIR"
  local g files=()
  for g in $(gateways "$1"); do
    [[ -e $DIR/pids/rgw.$g.pid ]] && pid_alive "$DIR/pids/rgw.$g.pid" && files+=("$DIR/pids/rgw.$g.pid")
  done
  (( ${#files[@]} > 0 )) && stop_pid_files "${files[@]}"
  for g in "${files[@]}"; do rm -f -- "$g"; done
  return 0
}

cmd_start_gateway() { # start stopped gateways again and wait until they answer
  [[ -e $DIR/$MARKER ]] || die "no cluster in $DIR"
  local g
  for g in $(gateways "$1"); do
    if [[ -e $DIR/pids/rgw.$g.pid ]] && pid_alive "$DIR/pids/rgw.$g.pid"; then continue; fi
    log "gateway $g starting again"
    start_daemon "rgw.$g" radosgw -f -c "$DIR/ceph.conf" -n "client.rgw.$g"
    wait_for "gateway $g on port $(gateway_port "$g")" http_up "http://127.0.0.1:$(gateway_port "$g")"
    log "gateway $g answers"
  done
}

case ${1:-} in
  up) DIR=$(resolve_dir "${2:-}"); cmd_up ;;
  stop-gateway) DIR=$(resolve_dir "${2:-}"); cmd_stop_gateway "${3:?stop-gateway DIR NAME|ZONE}" ;;
  start-gateway) DIR=$(resolve_dir "${2:-}"); cmd_start_gateway "${3:?start-gateway DIR NAME|ZONE}" ;;
  down) DIR=$(resolve_dir "${2:-}"); cmd_down ;;
  status) DIR=$(resolve_dir "${2:-}"); cmd_status ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
