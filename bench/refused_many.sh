#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# How long `check` takes on recipes of thousands of tracks whose keys are
# refused (review107: a cubic scan of refused routes, 7f02075b, and a
# quadratic one of refused keys, 855fe27a; each 9 s at 4,000 tracks
# before, about a second after, 45b8a3af's time). A speed is measured here,
# by hand, never bounded in a unit test (tests/test_hostile.c checks what
# is said, at 300 tracks).
#   sh bench/refused_many.sh [STEMPRINT] [TRACKS]
set -eu
bin=${1:-build/stemprint}
n=${2:-4000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 - "$work" "$n" <<'PY'
import struct, sys
work, n = sys.argv[1], int(sys.argv[2])
data = b"\0\0\0" * 4800
open(f"{work}/t.wav", "wb").write(struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + len(data),
    b"WAVE", b"fmt ", 16, 1, 1, 48000, 144000, 3, 24, b"data", len(data)) + data)
with open(f"{work}/routes.yaml", "w") as f:
    f.write("stemprint: 1\ntracks:\n")
    f.writelines(f"  t{i}: {{file: t.wav, to: nosuch}}\n" for i in range(n))
    f.write("stems:\n")
    f.writelines(f"  s{i}: [t{i}]\n" for i in range(n))
with open(f"{work}/keys.yaml", "w") as f:
    f.write("stemprint: 1\ntracks:\n")
    f.writelines(f"  t{i}: {{file: t.wav, gain: x, pan: y, fade_in: z, fade_out: w, mute: v, "
                 "width: u, lfe: q, at: r, from: s, length: t, solo: m, to: [1], sends: 5, "
                 "invert: 7}\n" for i in range(n))
    f.write("stems:\n  s: [t0]\n")
PY
for r in routes keys; do
  /usr/bin/time -f "$r.yaml ($n tracks): %e s, %M KB" "$bin" check --no-levels "$work/$r.yaml" \
    >/dev/null 2>"$work/$r.err" || true
  tail -1 "$work/$r.err"
done
