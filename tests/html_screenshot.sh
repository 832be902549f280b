#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Look at the HTML report in a real browser: build stemprint, render the
# demo song with --html, and take a screenshot of the page with headless
# Chromium (Debian's `chromium`, installed when missing and run as root).
# Run by hand, not in CI; then open the PNG and look at it.
#
#   sh tests/html_screenshot.sh [OUT_DIR] [WIDTH,HEIGHT]
#
# OUT_DIR (default /tmp/stemprint-html) receives prints/ (the demo's files),
# song.html and song.png. SP_BUILD_DIR sets the build folder
# (default /tmp/build-html). A window of 1280,3000 shows most of the page;
# use a taller one for all of it, or 800,3000 to see a narrow screen.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/stemprint-html}
size=${2:-1280,3000}
build=${SP_BUILD_DIR:-/tmp/build-html}

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "html_screenshot: chromium is missing; as root: apt-get install -y chromium" >&2
    exit 1
  fi
  apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }
fi
command -v dot >/dev/null 2>&1 ||
  echo "html_screenshot: Graphviz (dot) is missing: the route map will be text" >&2

# The build also synthesises the demo's sources into fixtures/audio.
cmake -S "$root" -B "$build" -DSP_TESTS=ON >/dev/null
cmake --build "$build" -j2 >/dev/null

mkdir -p "$out"
out=$(cd "$out" && pwd)
status=0
"$build/stemprint" render "$root/recipes/demo/song.yaml" -o "$out/prints" \
  --html "$out/song.html" --progress none --quiet || status=$?
# exit 1 (a check failed) still writes the page
if [ "$status" -gt 1 ] || [ ! -f "$out/song.html" ]; then
  echo "html_screenshot: render failed (exit $status)" >&2
  exit 1
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$out/song.png"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
  --screenshot="$out/song.png" --window-size="$size" "file://$out/song.html" 2>/dev/null
if [ ! -s "$out/song.png" ]; then
  echo "html_screenshot: chromium wrote no screenshot" >&2
  exit 1
fi
echo "$out/song.html"
echo "$out/song.png"
