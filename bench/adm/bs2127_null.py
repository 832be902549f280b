#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""stemprint's BS.2127 gains (core/dsp/bs2127/) rendering whole ADM masters,
against the EBU ADM Renderer's renders of the same files, by hand.

Renders recipes/immersive/song.yaml's ADM master (a 7.1.2 bed, a mono object
circling overhead, a stereo object with width sweeping across the front, a
mono object high behind) as it is and two of interop.py's variants (the bed
alone; the objects alone), then each master into stereo, 5.1, 7.1, 5.1.4 and
7.1.4 twice: by the EAR (ear.cmdline.render_file -s 0+2+0 ...) and by
bs2127_render.c (built here against the build's libraries: BS.2127's gains
and ramps as the re-renders use them), and prints each
channel's residual peak. Float renders on both sides: a null is far below
-90 dBFS.

Usage: bench/adm/bs2127_null.py STEMPRINT EAR_TREE WORKDIR
  STEMPRINT  the stemprint binary in its build folder (the libraries beside it)
  EAR_TREE   a tree of github.com/ebu/ebu_adm_renderer (Debian's python3, as
             interop.py says, and python3-soundfile)
"""
import os
import re
import subprocess
import sys

import numpy as np
import soundfile as sf

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from interop import SONG, variant, for_the_ear  # noqa: E402

# stemprint's layouts, their BS.2051 systems and the EAR's channel order as
# stemprint's channel names
LAYOUTS = {
    "stereo": ("0+2+0", ["L", "R"]),
    "5.1": ("0+5+0", ["L", "R", "C", "LFE", "Ls", "Rs"]),
    "7.1": ("0+7+0", ["L", "R", "C", "LFE", "Ls", "Rs", "Lrs", "Rrs"]),
    "5.1.4": ("4+5+0", ["L", "R", "C", "LFE", "Ls", "Rs", "Ltf", "Rtf", "Ltr", "Rtr"]),
    "7.1.4": ("4+7+0", ["L", "R", "C", "LFE", "Ls", "Rs", "Lrs", "Rrs", "Ltf", "Rtf", "Ltr", "Rtr"]),
}
OURS = {
    "stereo": "L R", "5.1": "L R C LFE Ls Rs", "7.1": "L R C LFE Lrs Rrs Ls Rs",
    "5.1.4": "L R C LFE Ls Rs Ltf Rtf Ltr Rtr",
    "7.1.4": "L R C LFE Lrs Rrs Ls Rs Ltf Rtf Ltr Rtr",
}


def build_tool(stemprint, work):
    build = os.path.dirname(stemprint)
    ninja = open(os.path.join(build, "build.ninja")).read()
    libs = re.search(r"build stemprint:.*?LINK_LIBRARIES = ([^\n]*)", ninja, re.S).group(1)
    libs = re.sub(r"(?<![\w/])lib(stemprint_\w+)\.a", lambda m: os.path.join(build, m.group(0)),
                  libs).split()
    tool = os.path.join(work, "bs2127_render")
    subprocess.run(["cc", "-O2", "-std=c11", "-D_XOPEN_SOURCE=700", "-I", SRC,
                    os.path.join(HERE, "bs2127_render.c")] + libs + ["-o", tool], check=True)
    return tool


def song():
    text = open(SONG).read()
    text = text.replace("../../fixtures/", os.path.join(SRC, "fixtures") + "/")
    return text.replace("checks: {loudness: {max_true_peak: -1 dBTP}}", "")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    stemprint, ear_tree, work = (os.path.abspath(a) for a in sys.argv[1:])
    os.makedirs(work, exist_ok=True)
    tool = build_tool(stemprint, work)
    env = dict(os.environ, PYTHONPATH=ear_tree)
    for kind in ("song", "bed", "objects"):
        recipe = os.path.join(work, kind + ".yaml")
        open(recipe, "w").write(song() if kind == "song" else variant(kind))
        out = os.path.join(work, "out", kind)
        r = subprocess.run([stemprint, "render", recipe, "-o", out], capture_output=True, text=True)
        if r.returncode not in (0, 1):
            sys.exit("stemprint failed on %s:\n%s%s" % (kind, r.stdout, r.stderr))
        master = os.path.join(out, "mix_adm.wav")
        for_the_ear(master, os.path.join(out, "ear_in.wav"))
        for layout, (system, ear_names) in LAYOUTS.items():
            ear_out = os.path.join(out, "ear_%s.wav" % layout)
            subprocess.run(["/usr/bin/python3", "-m", "ear.cmdline.render_file", "-s", system,
                            os.path.join(out, "ear_in.wav"), ear_out], env=env, check=True,
                           capture_output=True)
            ours_out = os.path.join(out, "bs2127_%s.f32" % layout)
            subprocess.run([tool, master, layout, ours_out], check=True)
            e, _ = sf.read(ear_out, always_2d=True)
            names = OURS[layout].split()
            s = np.fromfile(ours_out, dtype=np.float32).reshape(-1, len(names))
            assert e.shape == s.shape, (e.shape, s.shape)
            rows = []
            for c, name in enumerate(names):
                x, y = s[:, c].astype(float), e[:, ear_names.index(name)]
                res = np.max(np.abs(x - y))
                peak = np.max(np.abs(y))
                rows.append("%s %s" % (name, "%.1f" % (20 * np.log10(res)) if res > 0 else "-inf"))
                rows[-1] += " (EAR peak %.1f)" % (20 * np.log10(peak)) if peak > 0 else ""
            worst = max(float(r.split()[1]) for r in rows)
            print("%-8s %-6s worst residual %7.1f dBFS: %s" % (kind, layout, worst, ", ".join(rows)))


if __name__ == "__main__":
    main()
