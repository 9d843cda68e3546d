#!/usr/bin/env bash
# bench-jmh.sh — runs the JMH micro-benchmarks that live beside the tests (src/test/java/**/*Benchmark.java).
#
# Usage:
#   scripts/bench-jmh.sh [PATTERN] [JMH OPTIONS…]
#   scripts/bench-jmh.sh SlaCost                 the SLA's cost per probe and per evaluation
#   scripts/bench-jmh.sh SlaCost -p objectives=none -f 1 -wi 1 -i 2
#   scripts/bench-jmh.sh -- -h                   JMH's own options
#   scripts/bench-jmh.sh --main CLASS [ARGS…]    a main class of the tests on the same class path
#                                                (e.g. io.syncmeter.sla.internal.SlaStateFootprint)
#
# It compiles the tests (the JMH annotation processor generates the harness then), writes the test
# class path to target/jmh.classpath, and runs org.openjdk.jmh.Main with PATTERN (a regular
# expression over benchmark names; default: every benchmark) and the options that follow. Results
# also go to BENCH_DIR/jmh-PATTERN.json (JMH's JSON format).
#
# Environment variables (defaults in brackets):
#   BENCH_DIR   results directory [./target/bench-jmh]
#   MVN, JAVA   commands [mvn, java]
set -euo pipefail

case ${1:-} in -h | --help | help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;; esac
MAIN=
if [[ ${1:-} == --main ]]; then
  MAIN=${2:?--main needs a class name}
  shift 2
fi
PATTERN=${1:-.}
[[ -z ${MAIN} && $# -gt 0 ]] && shift
[[ ${PATTERN} == -- ]] && PATTERN=.
OUT=${BENCH_DIR:-target/bench-jmh}
MVN=${MVN:-mvn}
JAVA=${JAVA:-java}

"${MVN}" -B -q -Dstyle.color=never -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath
CP="target/test-classes:target/classes:$(cat target/jmh.classpath)"
if [[ -n ${MAIN} ]]; then
  exec "${JAVA}" -Xmx512m -cp "${CP}" "${MAIN}" "$@"
fi
mkdir -p "${OUT}"
name=$(printf '%s' "${PATTERN}" | tr -c 'A-Za-z0-9_.-' '_')
exec "${JAVA}" -cp "${CP}" org.openjdk.jmh.Main "${PATTERN}" -rf json -rff "${OUT}/jmh-${name}.json" "$@"
