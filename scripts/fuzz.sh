#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Run the libFuzzer targets for a long time, by hand (the test suite runs
# each for a few thousand inputs). Needs clang (and libclang-rt-14-dev):
#
#   sh scripts/fuzz.sh [TARGET...] [-t SECONDS]    (default: all, 600 s each)
#
# TARGET: recipe, audio, readers, cache, session, midi. New inputs go to build-fuzz/corpus/<t>,
# crashes to build-fuzz/crashes/<t>/; each target's last line of figures
# (executions, coverage) is printed at the end.
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
[ -n "$targets" ] || targets="recipe audio readers cache session midi"
sh scripts/deps.sh --tests
command -v clang >/dev/null || { echo "stemprint: fuzz.sh needs clang" >&2; exit 1; }
CC=clang cmake -S . -B build-fuzz -DSP_FUZZ=ON -DSP_TESTS=OFF -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp"
for t in $targets; do
  seeds=tests/fuzz/corpus/$t
  [ "$t" = readers ] && seeds=tests/fuzz/corpus/audio
  dict=""
  [ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
  mkdir -p "build-fuzz/corpus/$t" "build-fuzz/crashes/$t"
  echo "stemprint: fuzzing $t for $seconds s" >&2
  ./build-fuzz/fuzz_"$t" -max_total_time="$seconds" -rss_limit_mb=3072 -timeout=60 \
    -artifact_prefix="build-fuzz/crashes/$t/" -print_final_stats=1 $dict \
    "build-fuzz/corpus/$t" "$seeds" >"build-fuzz/$t.log" 2>&1 || true
  grep -E "^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss|SUMMARY" \
    "build-fuzz/$t.log" | tail -4
  ls "build-fuzz/crashes/$t" 2>/dev/null | sed "s|^|  found: build-fuzz/crashes/$t/|"
done
