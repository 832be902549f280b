#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""stemprint's ADM masters against the EBU ADM Renderer (EAR, ITU-R BS.2127's
reference implementation), by hand.

Renders variants of recipes/immersive/song.yaml with stemprint (ADM master and
its 7.1.4 and 5.1 re-renders), renders each ADM master again with the EAR
(ear-render -s 4+7+0 and 0+5+0) and compares the two channel by channel:

  bed       the objects muted: the bed alone (DirectSpeakers) must null;
  speakers  the bed muted, the objects still at speaker positions (30°, 0°,
            and a stereo object at 0°: its channels at ±30°): must null;
  objects   the bed muted, the objects moving between speakers: the energy of
            each channel in both, and the difference in dB, stated.

Usage: bench/adm/interop.py STEMPRINT EAR_TREE WORKDIR
  STEMPRINT  the stemprint binary
  EAR_TREE   a checkout of github.com/ebu/ebu_adm_renderer (run with
             /usr/bin/python3 and Debian's python3-numpy, -scipy, -lxml,
             -attr, -multipledispatch, -yaml, -six, -importlib-resources)
  WORKDIR    where the variants and their renders go
"""
import os
import re
import subprocess
import sys

import numpy as np
import soundfile as sf

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", ".."))
SONG = os.path.join(SRC, "recipes", "immersive", "song.yaml")

# the EAR's channel order (BS.2051) as stemprint's channel names
EAR = {
    "4+7+0": ["L", "R", "C", "LFE", "Ls", "Rs", "Lrs", "Rrs", "Ltf", "Rtf", "Ltr", "Rtr"],
    "0+5+0": ["L", "R", "C", "LFE", "Ls", "Rs"],
}
OURS = {
    "7.1.4": ["L", "R", "C", "LFE", "Lrs", "Rrs", "Ls", "Rs", "Ltf", "Rtf", "Ltr", "Rtr"],
    "5.1": ["L", "R", "C", "LFE", "Ls", "Rs"],
}
SYSTEM = {"7.1.4": "4+7+0", "5.1": "0+5+0"}


def variant(kind):
    text = open(SONG).read()
    text = text.replace("../../fixtures/", os.path.join(SRC, "fixtures") + "/")
    # BS.2076-2's layout, which the EAR reads as written (the Dolby profile's
    # stream formats name their pack too, which it refuses: "has a reference
    # to both an audioPackFormat and an audioChannelFormat")
    text = text.replace("profile: immersive-music", "profile: bs2076, renders: [7.1.4, 5.1]")
    text = re.sub(r"adm: \{renders: \[[^]]*\], ", "adm: {", text)
    if kind == "bed":
        for bus in ("lead", "sweep", "choir"):
            text = text.replace("  %s:\n" % bus, "  %s:\n    mute: true\n" % bus, 1)
    else:
        text = text.replace("  drums: {layout: 7.1.2}", "  drums: {layout: 7.1.2, mute: true}")
        text = text.replace("  hall:\n", "  hall:\n    mute: true\n", 1)
        text = text.replace("lfe: {level: -12 dB, lowpass: 120 Hz}}", "lfe: {level: -12 dB, lowpass: 120 Hz}, mute: true}")
    if kind == "speakers":
        text = re.sub(r"(  lead:\n(?:    .*\n)*?)    pan: .*\n", r"\1    pan: {azimuth: 30}\n", text)
        text = re.sub(r"(  sweep:\n(?:    .*\n)*?)    pan: .*\n", r"\1    pan: {azimuth: 0}\n", text)
        text = re.sub(r"(  choir:\n(?:    .*\n)*?)    pan: .*\n", r"\1    pan: {azimuth: 0}\n", text)
    text = text.replace("checks: {loudness: {max_true_peak: -1 dBTP}}", "")
    return text


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    stemprint, ear_tree, work = (os.path.abspath(a) for a in sys.argv[1:])
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=ear_tree)
    for kind in ("bed", "speakers", "objects"):
        recipe = os.path.join(work, kind + ".yaml")
        open(recipe, "w").write(variant(kind))
        out = os.path.join(work, "out", kind)
        r = subprocess.run([stemprint, "render", recipe, "-o", out], capture_output=True, text=True)
        if r.returncode not in (0, 1):
            sys.exit("stemprint failed on %s:\n%s%s" % (kind, r.stdout, r.stderr))
        for layout in ("7.1.4", "5.1"):
            ear_out = os.path.join(out, "ear_%s.wav" % layout)
            subprocess.run(["/usr/bin/python3", "-m", "ear.cmdline.render_file", "-s", SYSTEM[layout],
                            os.path.join(out, "mix_adm.wav"), ear_out], env=env, check=True,
                           capture_output=True)
            e, rate_e = sf.read(ear_out, always_2d=True)
            s, rate_s = sf.read(os.path.join(out, "mix_%s.wav" % layout), always_2d=True)
            assert rate_e == rate_s and e.shape == s.shape, (e.shape, s.shape)
            names = EAR[SYSTEM[layout]]
            rows = []
            for c, name in enumerate(OURS[layout]):
                x, y = s[:, c], e[:, names.index(name)]
                res = np.max(np.abs(x - y))
                ex, ey = np.sum(x * x), np.sum(y * y)
                rows.append((name, 20 * np.log10(res) if res > 0 else -np.inf,
                             10 * np.log10(ex) if ex > 0 else -np.inf,
                             10 * np.log10(ey) if ey > 0 else -np.inf))
            worst = max(r[1] for r in rows)
            print("%-9s %-6s residual peak %7.1f dBFS (worst channel)" % (kind, layout, worst))
            for name, res, ex, ey in rows:
                d = ex - ey if np.isfinite(ex) and np.isfinite(ey) else float("nan")
                print("    %-4s residual %7.1f dBFS  energy stemprint %7.1f dB  EAR %7.1f dB  "
                      "difference %+6.2f dB" % (name, res, ex, ey, d))


if __name__ == "__main__":
    main()
