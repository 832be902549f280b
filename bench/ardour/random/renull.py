#!/usr/bin/env python3
"""Re-null kept Ardour exports against a new stemprint, without Ardour
(issue 63), run by hand: for each seed folder that run.py left (its
session/, ardour.wav and spec.json), render the session with STEMPRINT and
null it against Ardour's export, as run.py does (in a scratch folder of
links: the seed's folder is not written). Where several work folders
hold one seed, the newest export is taken. A regression check of every
seed kept, in seconds a seed rather than Ardour's minutes:

    python3 bench/ardour/random/renull.py --stemprint build/stemprint /tmp/w1 /tmp/w2 ...

--drop REGEX renders each session with every match of REGEX cut from its
session file (say ' playback-channel-mode="[^"]*"'): a large residual then
shows that what was cut is audible in Ardour's export.

--nudge also renders each session (both in 32-bit float) with every
region's scale-amplitude one part in 2^23 higher (a gain's last bit, ahead
of every plugin) and prints how far the two renders are apart: stemprint's
own sensitivity to its input's last bits, as Ardour's own run-to-run
difference is Ardour's (issue 87: seed 711's x42 EQ, whose shelves run in
single precision, then +37 dB of LSP's delay and expander: -48.8 dBFS
apart, -42.6 from Ardour's). It is said beside the residual, not taken
into the verdict.

Prints run.py's table (seed, features, size, residual, target, verdict),
seeds in order, and a count of the verdicts."""

import argparse
import collections
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402
import run  # noqa: E402


def kept(dirs):
    """{seed: folder} of the newest export of each seed under dirs."""
    best = {}
    for w in dirs:
        for name in os.listdir(w):
            d = os.path.join(w, name)
            wav, spec = os.path.join(d, "ardour.wav"), os.path.join(d, "spec.json")
            if not (name.isdigit() and os.path.isfile(wav) and os.path.isfile(spec)
                    and os.path.isdir(os.path.join(d, "session"))):
                continue
            seed, t = int(name), os.path.getmtime(wav)
            if seed not in best or t > best[seed][1]:
                best[seed] = (d, t)
    return {s: d for s, (d, _) in best.items()}


def relink(d):
    """The session's audio links made by a checkout since removed (a
    worktree): pointed at this checkout's fixtures/audio, the same files."""
    inter = os.path.join(d, "session", "interchange")
    for sub in os.listdir(inter) if os.path.isdir(inter) else []:
        af = os.path.join(inter, sub, "audiofiles")
        for name in os.listdir(af) if os.path.isdir(af) else []:
            f = os.path.join(af, name)
            to = os.path.join(run.ROOT, "fixtures", "audio", name)
            if os.path.islink(f) and not os.path.exists(f) and os.readlink(f).endswith(
                    "/fixtures/audio/" + name) and os.path.exists(to):
                os.remove(f)
                os.symlink(to, f)


def mirror(d, scratch, drop=None, edit=None, name=None):
    """A folder of scratch that links d's session and exports, where the
    render and its logs go: d itself, perhaps a run.py's at work, is left
    as it is. drop: a regular expression whose every match is cut from a
    copy of the session file (the rest of the session linked); edit: a
    function of that text giving the copy's text and a count instead.
    name: the folder's name (d's)."""
    if drop:
        edit = lambda x: re.subn(drop, "", x)  # noqa: E731
    m = os.path.join(scratch, name or os.path.basename(d))
    os.makedirs(m)
    for name in ("session", "ardour.wav", "ardour2.wav"):
        if os.path.exists(os.path.join(d, name)) and not (edit and name == "session"):
            os.symlink(os.path.join(d, name), os.path.join(m, name))
    if edit:
        S = os.path.join(d, "session")
        os.makedirs(os.path.join(m, "session"))
        for name in os.listdir(S):
            if name.endswith(".ardour"):
                x, n = edit(open(os.path.join(S, name)).read())
                open(os.path.join(m, "session", name), "w").write(x)
                if name == "sp.ardour":
                    print("(%s: %d edited in %s)" % (os.path.basename(d), n, name), file=sys.stderr)
            else:
                os.symlink(os.path.join(S, name), os.path.join(m, "session", name))
    return m


def nudged(x):
    """Session text x with every region's scale-amplitude one part in 2^23
    higher, and how many."""
    return re.subn(r'(<Region [^>]*?scale-amplitude=")([^"]+)"',
                   lambda m: '%s%r"' % (m.group(1), float(m.group(2)) * (1 + 2.0 ** -23)), x)


def sensitivity(d, scratch, stemprint):
    """How far (dBFS) two float renders of d's session are apart, the
    second with its regions nudged (nudged); None when one fails."""
    a = run.render_float(mirror(d, scratch, name="%s-plain" % os.path.basename(d)), stemprint)
    b = run.render_float(mirror(d, scratch, edit=nudged, name="%s-nudged" % os.path.basename(d)), stemprint)
    if a is None or b is None or a.shape != b.shape:
        return None
    return run.residual(a, b, len(a))[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stemprint", default=os.path.join(run.ROOT, "build", "stemprint"))
    ap.add_argument("--seeds", help="only these (A-B, or 3,7,10-12)")
    ap.add_argument("--drop", help="a regular expression cut from each session file before it renders: what "
                    "the null is without it (that a feature is audible)")
    ap.add_argument("--nudge", action="store_true", help="also say stemprint's own sensitivity: two float "
                    "renders, the second with every region's gain one part in 2^23 higher")
    ap.add_argument("work", nargs="+", help="run.py's work folders")
    a = ap.parse_args()
    found = kept(a.work)
    if a.seeds:
        want = set()
        for part in a.seeds.split(","):
            lo, _, hi = part.partition("-")
            want.update(range(int(lo), int(hi or lo) + 1))
        found = {s: d for s, d in found.items() if s in want}
    stemprint = os.path.abspath(a.stemprint)
    count = collections.Counter()
    scratch = tempfile.mkdtemp(prefix="renull-")
    print("| seed | features | size | residual | target | verdict |")
    print("|---|---|---|---|---|---|", flush=True)
    for seed in sorted(found):
        d = found[seed]
        s = json.load(open(os.path.join(d, "spec.json")))
        relink(d)
        db, at, losses, err = run.render_and_null(s, mirror(d, scratch, a.drop), stemprint)
        if err:
            verdict = "error: " + err
        elif db <= run.target(s):
            verdict = "met"
        elif losses:
            verdict = "named loss: " + "; ".join(losses)[:160]
        else:
            verdict = "FAILS (worst at %.3f s)" % (at / gen.SR)
        count[verdict.split(":")[0].split(" (")[0]] += 1
        res = "%.1f dBFS" % db if db is not None else "-"
        if s.get("_own") is not None:
            res += " (Ardour's own %s)" % ("none" if s["_own"] <= -999 else "%.1f" % s["_own"])
        if a.nudge:
            sens = sensitivity(d, scratch, stemprint)
            res += " (nudged: %s)" % ("-" if sens is None else "%.1f" % sens)
        if len(s.get("_channels") or []) > 2:
            res += " [%s]" % " ".join("%.1f" % c for c in s["_channels"])
        print("| %d | %s | %s | %s | %d | %s |" % (seed, " ".join(s["features"][1:]) or "-", run.size(s), res,
                                                 run.target(s), verdict), flush=True)
    shutil.rmtree(scratch)
    print("\n%d seeds: %s" % (sum(count.values()), ", ".join("%s %d" % kv for kv in sorted(count.items()))))


if __name__ == "__main__":
    main()
