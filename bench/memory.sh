#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Peak memory against session length: render the same 8-track routing
# (two group buses, a return, four stems) at 1 and 30 minutes and print
# wall time, times real time and peak RSS for each. Run by hand:
#   sh bench/memory.sh [MINUTES...]        (default: 1 30)
#   LAYOUT=5.1 sh bench/memory.sh 1 30     (the buses and master in 5.1, or 7.1.4)
# Needs about 0.2 GB of disk per minute of session (sources and outputs).
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
bin=${STEMPRINT:-$top/build-release/stemprint}
[ -x "$bin" ] || {
  cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DSP_TESTS=OFF >/dev/null
  cmake --build build-release -j "$(nproc)" >/dev/null
}
work=${BENCH_DIR:-$top/bench/sessions}
mkdir -p "$work"
cc -O2 -std=c11 -D_XOPEN_SOURCE=700 -o "$work/mklong" bench/mklong.c \
  $(pkg-config --cflags --libs sndfile) -lm
[ $# -gt 0 ] || set -- 1 30
printf '%-10s %10s %10s %12s %14s\n' minutes wall_s x_real peak_rss_MB output_MB
for m in "$@"; do
  d="$work/long-$m"
  [ -f "$d/session.yaml" ] || "$work/mklong" "$d" "$m"
  rm -rf "$d/out"
  recipe="$d/session.yaml"
  if [ -n "${LAYOUT:-}" ]; then # every bus and master in LAYOUT: tracks placed by VBAP
    recipe="$d/session_$LAYOUT.yaml"
    sed -e "s/{gain: \(-[0-9]* dB\)}/{gain: \1, layout: $LAYOUT}/" "$d/session.yaml" >"$recipe"
    echo "master: {layout: $LAYOUT}" >>"$recipe"
  fi
  /usr/bin/time -f '%e %M' -o "$d/time.txt" "$bin" render -q "$recipe"
  read -r wall kb <"$d/time.txt"
  out_mb=$(du -sm "$d/out" | cut -f1)
  awk -v m="$m" -v w="$wall" -v kb="$kb" -v o="$out_mb" 'BEGIN {
    printf "%-10s %10.2f %10.0f %12.1f %14d\n", m, w, (w > 0 ? m * 60 / w : 0), kb / 1024, o }'
done
