# SPDX-License-Identifier: GPL-3.0-or-later
"""An Ardour session whose session range starts elsewhere than 0 (issue 63):
Ardour 7.3 builds it headless as bench/ardour/random/run.py does (the shared
builder, then edit.lua), its session range is set to START .. END in the
saved file (Locations, IsSessionRange), Ardour exports that range settled
(bench/ardour/random/export.lua, END_SAMPLES=session), stemprint renders
the session's folder, and the two mixes are nulled over the range.

    /usr/bin/python3 bench/ardour/range.py [WORKDIR] [STEMPRINT]

Regions: one wholly before the start (left out), two across it (one with a
fade-in over before the start), one after; fader and pan automation across
the start. Prints the residual in dBFS (target <= -90).
"""
import os
import re
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "random"))
import run  # noqa: E402

SR = 48000
START, END = int(1.5 * SR), int(6.0 * SR)
SPEC = {"seed": 0, "end": END, "buses": [], "vcas": [], "tempo": None, "midi": [], "features": [],
        "tracks": [
            {"name": "kick", "gain": -14.0, "pan": -0.3, "to": "master", "copies": [], "route": {},
             "region": {"start": 0.0, "position": 0.25, "length": 1.0}},
            {"name": "bass", "gain": -16.0, "pan": 0.2, "to": "master", "copies": [],
             "route": {"gain": [[0.5, 0.3], [2.5, 1.2], [4.0, 0.6]]},
             "region": {"start": 0.5, "position": 1.0, "length": 4.0, "fade_in": [0.2, "linear"],
                        "fade_out": [0.3, "slow"]}},
            {"name": "keys", "gain": -18.0, "pan": 0.0, "to": "master", "copies": [], "route": {},
             "region": {"start": 1.0, "position": 0.0, "length": 5.5}},
            {"name": "vox", "gain": -15.0, "pan": -0.5, "to": "master", "copies": [],
             "route": {"pan": [[1.0, 0.2], [3.0, 0.8]]},
             "region": {"start": 2.0, "position": 2.5, "length": 3.0}},
        ]}


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="stemprint-range.")
    stemprint = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(run.ROOT, "build", "stemprint"))
    os.makedirs(d, exist_ok=True)
    err = run.build_and_export(SPEC, d)  # exports 0 .. END first (unused)
    if err:
        sys.exit("range.py: " + err)
    f = os.path.join(d, "session", "sp.ardour")
    x = open(f).read()
    sc = 282240000  # Ardour 7's superclock ticks a second
    x, n = re.subn(r'(<Location [^>]*?)start="[^"]*" end="[^"]*"([^>]*IsSessionRange)',
                   lambda m: '%sstart="a%d" end="a%d"%s' % (m.group(1), START * sc // SR, END * sc // SR, m.group(2)), x)
    if n != 1:
        sys.exit("range.py: no session range in %s" % f)
    open(f, "w").write(x)
    S, cfg, log = os.path.join(d, "session"), os.path.join(d, "session.cfg"), os.path.join(d, "range.log")
    env = {"XDG_CONFIG_HOME": cfg, "SESSION_DIR": S, "OUT_DIR": d, "OUT_NAME": "range", "END_SAMPLES": "session",
           "LV2_PATH": os.path.join(cfg, "lv2") + ":/usr/lib/lv2"}
    for _ in range(3):
        run.sh(["ardour7-lua", os.path.join(HERE, "random", "export.lua")], log, env)
        if os.path.exists(os.path.join(d, "range.wav")):
            break
    else:
        sys.exit("range.py: export failed, see " + log)
    out = os.path.join(d, "out")
    if run.sh([stemprint, "render", S, "-o", out, "-q", "--only", "mix", "--force"], log) not in (0, 1):
        sys.exit("range.py: render failed, see " + log)
    a, b = run.read_wav(os.path.join(d, "range.wav")), run.read_wav(os.path.join(out, "mix.wav"))
    print("Ardour's export: %d frames (range %d); stemprint's: %d" % (len(a), END - START, len(b)))
    n = max(len(a), len(b))
    a, b = np.pad(a, ((0, n - len(a)), (0, 0))), np.pad(b, ((0, n - len(b)), (0, 0)))
    r = np.abs(a - b).max()
    print("residual %.1f dBFS (peak %.1f dBFS)" % (20 * np.log10(r) if r > 0 else -999, 20 * np.log10(np.abs(a).max())))


if __name__ == "__main__":
    main()
