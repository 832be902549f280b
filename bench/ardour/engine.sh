#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# stemprint's render against Ardour 7.3's export engine itself (issue 73), run
# by hand:
#
#   sh bench/ardour/engine.sh make WORKDIR [STEMPRINT]
#   sh bench/ardour/engine.sh time SESSION_WORK [RUNS] [STEMPRINT...]
#
# make: the two sessions of bench/ardour/engine_specs.py (audio: 30 s at
# 48 kHz, 5 tracks, 2 buses, sends, 4 plugins; instruments: 30 s at 96 kHz,
# AVL Drums and synthv1 with an audio track into a bus), each built in Ardour
# and exported settled by bench/ardour/random/run.py --spec (which also nulls
# stemprint's render of the folder against that export), into
# WORKDIR/audio/spec and WORKDIR/instruments/spec.
#
# time: in SESSION_WORK (a folder run.py left: session/, session.cfg/), RUNS
# times (default 3), alternating: Ardour's settled export of the session
# range by bench/ardour/engine.lua, the export call alone timed inside Ardour
# (the process's CPU seconds over every thread by os.clock, and wall) beside
# the whole ardour7-lua process (/usr/bin/time: load, 6 s of settling,
# export, close) and the whole process of `ardour7-export -b float` of the
# session (load, export, close: unsettled, so not the same bytes); then
# each STEMPRINT (default build/stemprint) rendering the session folder,
# `render SESSION --only mix` (the mix: what Ardour's export makes), as a
# whole process (/usr/bin/time). Prints each run and the medians
# (seconds); the ratio to quote is Ardour's export CPU over stemprint's
# render CPU. Each Ardour run takes about 20 s.
#
# Needs the packages of bench/ardour/random (ardour, x42-plugins, calf, lsp,
# avldrums.lv2, synthv1-lv2), ffmpeg, python3-numpy, python3-yaml and
# ../shared/bench/ardour beside the checkout.
set -eu
# synthv1 is a Qt plugin: no display here
export QT_QPA_PLATFORM=offscreen
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cmd=${1:-}
case $cmd in
make)
  W=$(mkdir -p "$2" && cd "$2" && pwd)
  SP=${3:-$ROOT/build/stemprint}
  /usr/bin/python3 "$HERE/engine_specs.py" "$W"
  for k in audio instruments; do
    /usr/bin/python3 "$HERE/random/run.py" --spec "$W/$k.json" --work "$W/$k" --stemprint "$SP"
  done
  ;;
time)
  D=$(cd "$2" && pwd)
  RUNS=${3:-3}
  shift 2; [ $# -gt 0 ] && shift
  [ $# -gt 0 ] || set -- "$ROOT/build/stemprint"
  T=$(mktemp -d)
  trap 'rm -rf "$T"' EXIT
  cfg=$D/session.cfg
  i=0
  while [ "$i" -lt "$RUNS" ]; do
    i=$((i + 1))
    rm -f "$T/ardour.wav"
    XDG_CONFIG_HOME=$cfg LV2_PATH=$cfg/lv2:/usr/lib/lv2:/usr/lib/x86_64-linux-gnu/lv2 \
      SESSION_DIR=$D/session OUT_DIR=$T OUT_NAME=ardour \
      /usr/bin/time -f 'whole %U %S %e' -o "$T/time" ardour7-lua "$HERE/engine.lua" > "$T/log" 2>&1 || true
    e=$(grep '^engine cpu' "$T/log" | tail -1)
    if [ -z "$e" ] || [ ! -f "$T/ardour.wav" ]; then
      echo "run $i: Ardour's export failed (ardour7-lua aborts now and then): again"
      i=$((i - 1))
      continue
    fi
    w=$(awk '/^whole/ {printf "%.2f %.2f", $2 + $3, $4}' "$T/time")
    rm -f "$T/export.wav"
    XDG_CONFIG_HOME=$cfg LV2_PATH=$cfg/lv2:/usr/lib/lv2:/usr/lib/x86_64-linux-gnu/lv2 \
      /usr/bin/time -f '%U %S %e' -o "$T/time" ardour7-export -b float -o "$T/export.wav" "$D/session" sp > "$T/log" 2>&1 || true
    x=$(awk '{printf "%.2f %.2f", $1 + $2, $3}' "$T/time")
    [ -f "$T/export.wav" ] || x="failed failed"
    echo "$e" | awk -v r="$i" -v w="$w" -v x="$x" '{split(w, a, " "); split(x, b, " "); printf "run %d ardour export cpu %s wall %s; whole ardour7-lua cpu %s wall %s; whole ardour7-export cpu %s wall %s\n", r, $3, $5, a[1], a[2], b[1], b[2]}' | tee -a "$T/ardour"
    n=0
    for sp in "$@"; do
      n=$((n + 1))
      /usr/bin/time -f '%U %S %e' -o "$T/time" "$sp" render "$D/session" -o "$T/sp" -q --only mix --force > /dev/null 2>&1 || true
      awk -v r="$i" -v n="$n" -v sp="$sp" '{printf "run %d stemprint%d cpu %.2f wall %.2f (%s)\n", r, n, $1 + $2, $3, sp}' "$T/time" | tee -a "$T/sp$n"
    done
  done
  med() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
  ac=$(awk '{print $6}' "$T/ardour" | med); aw=$(awk '{print $8 + 0}' "$T/ardour" | med)
  wc_=$(awk '{print $12}' "$T/ardour" | med); ww=$(awk '{print $14 + 0}' "$T/ardour" | med)
  xc=$(awk '{print $18}' "$T/ardour" | med); xw=$(awk '{print $20}' "$T/ardour" | med)
  echo "median ardour export cpu $ac wall $aw; whole ardour7-lua cpu $wc_ wall $ww; whole ardour7-export cpu $xc wall $xw"
  n=0
  for sp in "$@"; do
    n=$((n + 1))
    sc=$(awk '{print $5}' "$T/sp$n" | med); sw=$(awk '{print $7}' "$T/sp$n" | med)
    echo "median stemprint$n cpu $sc wall $sw: ardour export / stemprint cpu $(awk -v a="$ac" -v b="$sc" 'BEGIN {printf "%.2f", a / b}')x, wall $(awk -v a="$aw" -v b="$sw" 'BEGIN {printf "%.2f", a / b}')x ($sp)"
  done
  ;;
*)
  sed -n '3,31p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
  ;;
esac
