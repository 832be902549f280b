#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The md5 of every file the demo, the album, the LV2 example and (when its
# folder is given) the reference session print, and of each render's
# --report JSON with its timings taken out: run it with the binary before
# and after a change that must not change a printed byte, and diff the two
# tables.
#
#   sh bench/prints.sh STEMPRINT WORK [SESSION_DIR] > table.txt
#
# WORK is emptied and gets a copy of recipes/ and fixtures/audio/, so the
# paths in the reports are the same whichever checkout the binary comes
# from. SESSION_DIR is a generated bench session (bench/README.md), its
# session.yaml rendered as it is. The LV2 example needs LSP's and
# Dragonfly's plugins (scripts/deps.sh --tests installs them).
set -eu
[ $# -ge 2 ] || { echo "usage: sh bench/prints.sh STEMPRINT WORK [SESSION_DIR]" >&2; exit 2; }
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$2
session=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$root/fixtures/audio" ] || { echo "prints.sh: build first (fixtures/audio is made by the build)" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work/src/fixtures" "$work/out"
work=$(cd "$work" && pwd)
cp -R "$root/recipes" "$work/src/"
rm -rf "$work/src/recipes"/*/out "$work/src/recipes/album/album.json"
cp -R "$root/fixtures/audio" "$work/src/fixtures/"
cd "$work/src"

"$bin" render recipes/demo/song.yaml -q -o "$work/out/demo" --report "$work/out/demo.json"
"$bin" render recipes/lv2/song.yaml -q -o "$work/out/lv2" --report "$work/out/lv2.json"
make -s -C recipes/album STEMPRINT="$bin" >/dev/null
if [ -n "$session" ]; then
  "$bin" render "$session/session.yaml" -q -o "$work/out/ref" --report "$work/out/ref.json"
fi

# A report's timings differ run by run; everything else in it must not.
for j in "$work"/out/*.json; do
  python3 - "$j" <<'EOF'
import json, sys
path = sys.argv[1]
with open(path) as f:
    report = json.load(f)
for key in ("render_seconds", "times_real_time"):
    report.pop(key, None)
with open(path, "w") as f:
    json.dump(report, f, indent=1, sort_keys=True)
EOF
done

cd "$work"
{
  find out -type f
  find src/recipes/album/out -type f
  echo src/recipes/album/album.json
} | LC_ALL=C sort | xargs md5sum
