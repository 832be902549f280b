#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Look at the HTML report in a real browser: build stemprint, render two
# pages with --html and take screenshots of each, 1280 and 800 px wide, with
# headless Chromium (Debian's `chromium`, installed when missing and run as
# root). Run by hand, not in CI; then open every PNG and look at it.
#
#   sh tests/html_screenshot.sh [OUT_DIR]
#
# The pages:
#   song.html    the demo song: a clean delivery (checks pass, no target,
#                split: sources so no bleed), ten outputs, the route map
#   checks.html  what the demo does not show, from a recipe written here
#                with the demo's sources: a loudness target the mix misses
#                (a failing check, the target band on the mix's plot), a
#                true-peak limit, stems split by buses with a reverb return
#                every stem sends to (bleed), a sidechain key; and beside it
#                a recipe with a typo, which fails (a red section with its
#                error, and a contents list)
# OUT_DIR (default /tmp/stemprint-html) receives the pages, their prints and
# song-1280.png, song-800.png, checks-1280.png, checks-800.png. The
# screenshots are tall (the whole page, then blank). SP_BUILD_DIR sets the
# build folder (default /tmp/build-html).
# The player (the Listen block, which needs the prints read): its screenshot,
# docs/report-listen.png, is taken by tests/html_listen.py (docs/testing.md).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/stemprint-html}
build=${SP_BUILD_DIR:-/tmp/build-html}

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "html_screenshot: chromium is missing; as root: apt-get install -y chromium" >&2
    exit 1
  fi
  apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }
fi
command -v dot >/dev/null 2>&1 ||
  echo "html_screenshot: Graphviz (dot) is missing: the route maps will be text" >&2

# stemprint, and the demo's sources synthesised into fixtures/audio.
cmake -S "$root" -B "$build" >/dev/null
cmake --build "$build" -j2 --target stemprint fixtures >/dev/null

mkdir -p "$out/check"
out=$(cd "$out" && pwd)
fix="$root/fixtures/audio"

# Exit 1 (a check failed) and 2 (the broken recipe) still write the page;
# anything else, or no page, is a failure of this script.
render() { # PAGE MAX_STATUS RECIPE... [OPTIONS]
  page=$1 max=$2
  shift 2
  rm -f "$page"
  status=0
  "$build/stemprint" render "$@" --html "$page" --progress none --quiet 2>/dev/null || status=$?
  if [ "$status" -gt "$max" ] || [ ! -f "$page" ]; then
    echo "html_screenshot: render of $page failed (exit $status)" >&2
    exit 1
  fi
}

render "$out/song.html" 1 "$root/recipes/demo/song.yaml" -o "$out/prints"

cat >"$out/check/delivery.yaml" <<EOF
# Written by tests/html_screenshot.sh: a delivery that misses its target.
stemprint: 1
sample_rate: 48000
tail: 1 s
tracks:
  kick:  {file: $fix/kick.wav, gain: -2 dB, to: drums}
  snare: {file: $fix/snare.wav, gain: -3 dB, to: drums, sends: [{to: verb, level: -12 dB}]}
  hats:  {file: $fix/hats.wav, gain: -11 dB, pan: 0.35, to: drums}
  bass:  {file: $fix/bass.wav, gain: -6 dB, to: bass_bus}
  keys:
    file: $fix/keys.wav
    gain: [[0, -26 dB], [1.6 s, -10 dB]]
    to: music
    sends: [{to: verb, level: -14 dB}]
  vox:   {file: $fix/vox.wav, gain: -4 dB, to: vocals, sends: [{to: verb, level: -10 dB}]}
  bgv:   {file: $fix/bgv.wav, gain: -11 dB, to: vocals, sends: [{to: verb, level: -9 dB}]}
buses:
  drums:
    inserts: [{compressor: {threshold: -22 dB, ratio: 3, attack: 10 ms, release: 120 ms}}]
  bass_bus:
    inserts:
      - compressor: {threshold: -18 dB, ratio: 3, attack: 1 ms, release: 90 ms,
                     key: {from: kick, tap: pre}}
  music: {}
  vocals: {}
  verb:
    inserts: [{convolver: {ir: $fix/hall_ir.wav, predelay: 25 ms}}]
    gain: -2 dB
master:
  inserts: [{limiter: {ceiling: -1 dBTP, lookahead: 5 ms, release: 60 ms}}]
stems:
  split: buses            # the reverb return is a stem of its own: every send bleeds
  drums: [drums]
  bass: [bass_bus]
  music: [music]
  vocals: [vocals]
  reverb: [verb]
output: {dir: prints/{recipe}, format: wav, depth: 24}
checks:
  null: {max_residual: auto}
  loudness: {target: -14 LUFS, tolerance: 1 LU, max_true_peak: -1 dBTP}
EOF
# A typo in a bus name (and characters HTML must escape in the recipe's name).
sed -e 's/to: vocals, sends/to: vocal, sends/' "$out/check/delivery.yaml" \
  >"$out/check/broken <b>&amp.yaml"
render "$out/checks.html" 2 "$out/check/delivery.yaml" "$out/check/broken <b>&amp.yaml"

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
shoot() { # PAGE PNG WIDTH HEIGHT
  rm -f "$2"
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$profile" --screenshot="$2" --window-size="$3,$4" "file://$1" 2>/dev/null
  if [ ! -s "$2" ]; then
    echo "html_screenshot: chromium wrote no screenshot of $1" >&2
    exit 1
  fi
  echo "$2"
}
shoot "$out/song.html" "$out/song-1280.png" 1280 4600
shoot "$out/song.html" "$out/song-800.png" 800 6800
shoot "$out/checks.html" "$out/checks-1280.png" 1280 4000
shoot "$out/checks.html" "$out/checks-800.png" 800 5600
echo "$out/song.html"
echo "$out/checks.html"
