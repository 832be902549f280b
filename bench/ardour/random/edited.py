#!/usr/bin/env python3
"""Ardour's settled export of an edited copy of a kept seed, rendered and
nulled channel by channel (issue 87): the bisection of a seed that fails,
one change at a time, run by hand.

    python3 bench/ardour/random/edited.py SEED_DIR NAME [EDIT ...] [--noexport]

SEED_DIR is a folder run.py left (its session/ and session.cfg/). The copy
goes to $WORK/NAME (WORK: /tmp/edited), its audio links pointed at this
checkout's fixtures/audio. Each EDIT is applied to the copy's sp.ardour
before Ardour exports it (export.lua, the run's config and
ARDOUR_FPU_FLAGS): 're:PATTERN=>REPLACEMENT' (a Python regular
expression, DOTALL; an edit that matches nothing stops the run), or a
Python file defining edit(text) -> text. Then stemprint (STEMPRINT, else
this checkout's build/stemprint) renders the same copy in 32-bit float
and the residual of each channel, its frame and both peaks are printed.
--noexport renders and nulls the copy again without exporting (after a
new build). END: the export's last frame (480000). WAIT as export.lua.

A processor made inactive:
    're:(<Processor id="1405" name="[^"]*" )active="1"=>\\1active="0"'"""

import os
import re
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
import numpy as np  # noqa: E402


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) < 2:
        sys.exit(__doc__)
    src, name, edits = args[0], args[1], args[2:]
    st = os.environ.get("STEMPRINT", os.path.join(run.ROOT, "build", "stemprint"))
    d = os.path.join(os.environ.get("WORK", "/tmp/edited"), name)
    S = os.path.join(d, "session")
    if "--noexport" not in sys.argv[1:]:
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        shutil.copytree(os.path.join(src, "session"), S, symlinks=True)
        inter = os.path.join(S, "interchange")
        for sub in os.listdir(inter) if os.path.isdir(inter) else []:
            af = os.path.join(inter, sub, "audiofiles")
            for n in os.listdir(af) if os.path.isdir(af) else []:
                f = os.path.join(af, n)
                if os.path.islink(f):
                    os.remove(f)
                    os.symlink(os.path.join(run.ROOT, "fixtures", "audio", n), f)
        cfg = os.path.join(d, "session.cfg")
        shutil.copytree(os.path.join(src, "session.cfg"), cfg, symlinks=True)
        x = open(os.path.join(S, "sp.ardour")).read()
        for e in edits:
            if e.startswith("re:"):
                pat, rep = e[3:].split("=>", 1)
                x, n = re.subn(pat, rep, x, flags=re.S)
                print("edit %r: %d" % (pat[:60], n))
                if not n:
                    sys.exit("edited.py: %r matches nothing in %s" % (pat, os.path.join(S, "sp.ardour")))
            else:
                ns = {}
                exec(open(e).read(), ns)
                x = ns["edit"](x)
        open(os.path.join(S, "sp.ardour"), "w").write(x)
        env = {"XDG_CONFIG_HOME": cfg, "SESSION_DIR": S, "SESSION_NAME": "sp",
               "LV2_PATH": os.path.join(cfg, "lv2") + ":/usr/lib/lv2:/usr/lib/x86_64-linux-gnu/lv2",
               "OUT_DIR": d, "OUT_NAME": "ardour", "END_SAMPLES": os.environ.get("END", "480000")}
        if run.fpu_flags():
            env["ARDOUR_FPU_FLAGS"] = run.fpu_flags()
        t = time.time()
        for _ in range(3):
            run.sh(["ardour7-lua", os.path.join(run.HERE, "export.lua")], os.path.join(d, "ardour.log"), env)
            if os.path.exists(os.path.join(d, "ardour.wav")):
                break
        else:
            sys.exit("edited.py: Ardour exported nothing (%s)" % os.path.join(d, "ardour.log"))
        print("exported in %.0f s" % (time.time() - t))
    out = os.path.join(d, "out")
    shutil.rmtree(out, ignore_errors=True)
    run.sh([st, "render", S, "-o", out, "-q", "--only", "mix", "--force", "--set", "output.depth=32f"],
           os.path.join(d, "render.log"))
    if not os.path.exists(os.path.join(out, "mix.wav")):
        sys.exit("edited.py: the render failed (%s)" % os.path.join(d, "render.log"))
    a, b = run.read_wav(os.path.join(d, "ardour.wav")), run.read_wav(os.path.join(out, "mix.wav"))
    n = min(len(a), len(b))
    r = np.abs(a[:n] - b[:n])

    def db(v):
        return 20 * np.log10(v) if v > 0 else -999.0

    chans = range(a.shape[1])
    print("%s: residual %s at %s; peaks Ardour %s, stemprint %s" % (
        name, " ".join("%.1f" % db(r[:, c].max()) for c in chans),
        " ".join(str(int(r[:, c].argmax())) for c in chans),
        " ".join("%.1f" % db(np.abs(a[:, c]).max()) for c in chans),
        " ".join("%.1f" % db(np.abs(b[:, c]).max()) for c in chans)))


if __name__ == "__main__":
    main()
