#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Run the libFuzzer targets for a long time, by hand (the test suite runs
# each for a few thousand inputs). Needs clang (and libclang-rt-14-dev):
#
#   sh scripts/fuzz.sh [TARGET...] [-t SECONDS]    (default: all, 600 s each)
#
# TARGET: a tests/fuzz/fuzz_<TARGET>.c (recipe, audio, readers, cache,
# session, ...). Each runs on one core from its seeds (tests/fuzz/corpus/<t>,
# and build-fuzz/fuzz-seeds/<t> made from the examples) with its dictionary
# (tests/fuzz/<t>.dict); new inputs go to build-fuzz/corpus/<t>, crashes to
# build-fuzz/crashes/<t>/, its log to build-fuzz/<t>.log. At the end of
# each: its executions, executions a second (wall and CPU), coverage, peak
# memory and any input found.
set -eu
cd "$(dirname "$0")/.."
seconds=600
targets=""
while [ $# -gt 0 ]; do
  case $1 in
  -t) seconds=$2; shift 2 ;;
  *) targets="$targets $1"; shift ;;
  esac
done
if [ -z "$targets" ]; then
  for f in tests/fuzz/fuzz_*.c; do
    t=${f#tests/fuzz/fuzz_}
    t=${t%.c}
    [ "$t" = common ] || targets="$targets $t"
  done
fi
sh scripts/deps.sh --tests
command -v clang >/dev/null || { echo "stemprint: fuzz.sh needs clang" >&2; exit 1; }
# The suite's build type (-O1: Debug's -O0 fuzzed at a fraction of the pace)
CC=clang cmake -S . -B build-fuzz -DSP_FUZZ=ON -DSP_TESTS=OFF -DCMAKE_BUILD_TYPE=Sanitize >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp"
for t in $targets; do
  [ -f "tests/fuzz/fuzz_$t.c" ] || { echo "stemprint: no fuzz target $t (tests/fuzz/fuzz_$t.c)" >&2; exit 2; }
  mkdir -p "build-fuzz/corpus/$t" "build-fuzz/crashes/$t"
  set -- "build-fuzz/corpus/$t" "tests/fuzz/corpus/$t"
  [ -d "build-fuzz/fuzz-seeds/$t" ] && set -- "$@" "build-fuzz/fuzz-seeds/$t"
  [ -f "tests/fuzz/$t.dict" ] && set -- -dict="tests/fuzz/$t.dict" "$@"
  echo "stemprint: fuzzing $t for $seconds s" >&2
  # (times: the CPU the run took, its second line, "1m2.5s 0m3.1s")
  (./build-fuzz/fuzz_"$t" -max_total_time="$seconds" -rss_limit_mb=3072 -timeout=60 \
    -artifact_prefix="build-fuzz/crashes/$t/" -print_final_stats=1 "$@" \
    >"build-fuzz/$t.log" 2>&1 || true; times >"build-fuzz/$t.time")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "build-fuzz/$t.log")
  wall=$(sed -n 's/^stat::average_exec_per_sec: *//p' "build-fuzz/$t.log")
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "build-fuzz/$t.log")
  cpu=$(awk 'NR == 2 { n = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); n += p[1] * 60 + p[2] } print n }' \
    "build-fuzz/$t.time")
  cov=$(grep -E '^#[0-9]+' "build-fuzz/$t.log" | tail -1 | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*')
  awk -v t="$t" -v r="${runs:-0}" -v w="${wall:-0}" -v c="$cpu" -v m="${rss:-?}" -v v="$cov" 'BEGIN {
    printf "stemprint: %s: %d runs, %d/s (%d a CPU second), %s, peak %s MB\n", t, r, w,
           (c > 0 ? r / c : 0), v, m }'
  grep -E "SUMMARY|ERROR: libFuzzer" "build-fuzz/$t.log" | head -3 || true
  ls "build-fuzz/crashes/$t" 2>/dev/null | sed "s|^|  found: build-fuzz/crashes/$t/|"
done
