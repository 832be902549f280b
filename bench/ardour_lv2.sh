#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Build the Ardour 7 session of a bench session's LV2 variant (bench/lv2.py),
# with the same plugins and parameters stemprint renders, using the headless
# scripts in ../shared/bench/ardour (see its README for Ardour's quirks).
# usage: sh bench/ardour_lv2.sh SESSION.yaml SESSION_DIR
#   writes SESSION_lv2.yaml and spec_lv2.lua beside SESSION.yaml, then the
#   Ardour session in SESSION_DIR; export it with
#   ../shared/bench/ardour/export.sh SESSION_DIR OUT_DIR mix
# env: STEMPRINT (default build-release/stemprint), ARDOUR_LUA (ardour7-lua)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ARDOUR=${ARDOUR:-$HERE/../../shared/bench/ardour}
ARDOUR=$(cd "$ARDOUR" && pwd)
STEMPRINT=${STEMPRINT:-$HERE/../build-release/stemprint}
ARDOUR_LUA=${ARDOUR_LUA:-ardour7-lua}
SESSION=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mkdir -p "$(dirname "$2")"
SESSION_DIR=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
ARDOUR_CFG=${ARDOUR_CFG:-$SESSION_DIR.cfg}
export STEMPRINT
/usr/bin/python3 "$HERE/lv2.py" "$SESSION" "$ARDOUR" 2> "$SESSION_DIR.notes.txt" >/dev/null
RECIPE=$(dirname "$SESSION")/session_lv2.yaml
rm -rf "$SESSION_DIR" "$ARDOUR_CFG"
mkdir -p "$ARDOUR_CFG/ardour7/scripts"
cp "$ARDOUR/scripts/sp_convolver.lua" "$ARDOUR_CFG/ardour7/scripts/"
SPEC=$ARDOUR_CFG/spec.lua
cp "$(dirname "$SESSION")/spec_lv2.lua" "$SPEC"
T=$(mktemp -d)
"$STEMPRINT" render "$RECIPE" -o "$T" -q --only mix
END_SAMPLES=$(/usr/bin/python3 -c "import wave,sys; print(wave.open(sys.argv[1]).getnframes())" "$T/mix.wav")
rm -rf "$T"
echo "$END_SAMPLES" > "$ARDOUR_CFG/end_samples"
SESSION_NAME=sp
export SPEC SESSION_DIR SESSION_NAME
XDG_CONFIG_HOME=$ARDOUR_CFG "$ARDOUR_LUA" "$ARDOUR/build_session.lua" 2>&1 | grep -v '^\[INFO\]' | tee "$ARDOUR_CFG/build.log"
test -f "$SESSION_DIR/$SESSION_NAME.ardour"
/usr/bin/python3 "$ARDOUR/inject_regions.py" "$RECIPE" "$SESSION_DIR" "$SESSION_NAME" "$END_SAMPLES"
echo "session: $SESSION_DIR/$SESSION_NAME.ardour (render length $END_SAMPLES frames)"
echo "stemprint's recipe: $RECIPE"
