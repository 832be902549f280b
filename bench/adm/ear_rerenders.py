#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""stemprint's own re-renders against the EBU ADM Renderer's renders of the
same ADM master, by hand (issue 64: the re-renders are BS.2127's).

For each master: stemprint renders the recipe (its ADM master and its
re-renders into stereo, 5.1, 7.1, 5.1.4 and 7.1.4, 24-bit, dithered), the EAR
renders stemprint's ADM master into the same layouts (ear.cmdline.render_file
-s 0+2+0 ...; float), and each channel's residual peak is printed. The
masters: recipes/immersive/song.yaml (a 7.1.2 bed, a mono object circling
overhead, a stereo object with spread sweeping across the front, a mono
object high behind) and random ones (seeded): a master bed of stereo, 5.1, 7.1
or 7.1.2 and maybe a second bed bus of another, 2 to 5 objects, mono or
stereo, static or moving (azimuth and elevation), with or without spread.
The residual of two renders of the same 24-bit tracks is stemprint's dither
(-132 dBFS or so): a null is below -120 dBFS, the issue asks -90.

Then each master again as another tool might write it, polar: every block's
position (objects' and bed channels') turned to azimuth, elevation and
distance by BS.2127 section 10 (the EAR's conversion), width and height in
degrees (180 x the profile's), played by stemprint as a recipe's only track
into each layout (an ADM file as a track: BS.2127's point-source panner, the
bed by its position; output 32-bit float), against the EAR's render of that
file (rows "<master>/polar").

Usage: bench/adm/ear_rerenders.py STEMPRINT EAR_TREE WORKDIR [N_RANDOM [SEED]]
  STEMPRINT  the stemprint binary
  EAR_TREE   a tree of github.com/ebu/ebu_adm_renderer (Debian's python3, as
             interop.py says, and python3-soundfile)
"""
import os
import random
import re
import subprocess
import sys

import numpy as np
import soundfile as sf

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from bs2127_null import LAYOUTS, OURS, song  # noqa: E402
from interop import for_the_ear  # noqa: E402

RENDERS = "[stereo, 5.1, 7.1, 5.1.4, 7.1.4]"
FIX = os.path.join(SRC, "fixtures", "audio")
MONO = ["vox", "snare", "bass", "hats"]


def the_song():
    text = song()
    return text.replace("adm: {renders: [7.1.4, 5.1, stereo],", "adm: {renders: %s," % RENDERS)


def random_master(rng, i):
    """A recipe of random beds and objects (4 s), master's bed the i-th of
    the profile's."""
    bed = ["5.1", "7.1", "stereo", "7.1.2"][i % 4]
    lines = ["stemprint: 1", "sample_rate: 48000", "length: 4 s", "tracks:",
             "  kick: {file: %s/kick.wav, pan: {azimuth: %d}}" % (FIX, rng.randint(-60, 60)),
             "  hats: {file: %s/hats.wav, gain: -6 dB, pan: {azimuth: %d, elevation: %d}}"
             % (FIX, rng.randint(-180, 180), rng.choice([0, 0, 30, 45]))]
    buses = ["buses:"]
    bed2 = rng.choice([None, "stereo", "5.1", "7.1"])
    if bed2:
        lines.append("  pad: {file: %s/keys.wav, gain: -6 dB, to: bed2}" % FIX)
        buses.append("  bed2: {layout: %s, bed: true}" % bed2)
    for i in range(rng.randint(2, 5)):
        stereo = rng.random() < 0.3
        src = "keys" if stereo else rng.choice(MONO)
        lines.append("  t%d: {file: %s/%s.wav, gain: -6 dB, to: o%d}" % (i, FIX, src, i))
        az0, az1 = rng.uniform(-180, 180), rng.uniform(-180, 180)
        el0, el1 = rng.choice([0, 0, 20, 45, 70]), rng.choice([0, 30, 60, 90])
        if rng.random() < 0.5:
            pan = "azimuth: %.1f, elevation: %d" % (az0, el0)
        else:
            t = rng.uniform(0.5, 3.5)
            pan = ("azimuth: [[0, %.1f], [%.2f s, %.1f]], elevation: [[0, %d], [%.2f s, %d]]"
                   % (az0, t, az1, el0, rng.uniform(0.5, 3.5), el1))
        if rng.random() < 0.5:
            pan += ", spread: %d" % rng.choice([10, 30, 60, 120, 180])
        buses.append("  o%d: {%sobject: true, pan: {%s}}"
                     % (i, "" if stereo else "layout: mono, ", pan))
    return "\n".join(lines + buses + [
        "master: {layout: %s, gain: -6 dB, adm: {renders: %s}}" % (bed, RENDERS),
        "output: {depth: 24}", ""]), "bed %s%s" % (bed, " + " + bed2 if bed2 else "")


def polar_copy(ear_tree, src, dst):
    """ADM BWF src (as for_the_ear leaves it) at dst with every Cartesian
    block polar."""
    sys.path.insert(0, ear_tree)
    from ear.core.objectbased.conversion import point_cart_to_polar

    def block(m):
        b = m.group(0)
        if b"<cartesian>1</cartesian>" not in b:
            return b
        pos = {k.decode(): float(v) for k, v in
               re.findall(rb'<position coordinate="([XYZ])">([^<]*)</position>', b)}
        az, el, d = point_cart_to_polar(pos["X"], pos["Y"], pos["Z"])
        b = re.sub(rb'(<position coordinate="[XYZ]">[^<]*</position>\n?)+',
                   ('<position coordinate="azimuth">%.6f</position>\n<position coordinate='
                    '"elevation">%.6f</position>\n<position coordinate="distance">%.6f'
                    '</position>\n' % (az, el, d)).encode(), b, count=1)
        for k in (b"width", b"height"):
            b = re.sub(rb"<%s>([^<]*)</%s>" % (k, k),
                       lambda w: b"<%s>%.6f</%s>" % (k, 180 * float(w.group(1)), k), b)
        return b.replace(b"<cartesian>1</cartesian>", b"<cartesian>0</cartesian>")

    d = open(src, "rb").read()
    out, i = bytearray(d[:12]), 12
    while i + 8 <= len(d):
        cid, n = d[i:i + 4], int.from_bytes(d[i + 4:i + 8], "little")
        body = d[i + 8:i + 8 + n]
        if cid == b"axml":
            body = re.sub(rb"<audioBlockFormat .*?</audioBlockFormat>", block, body, flags=re.S)
        out += cid + len(body).to_bytes(4, "little") + body + (b"\0" if len(body) % 2 else b"")
        i += 8 + n + n % 2
    out[4:8] = (len(out) - 8).to_bytes(4, "little")
    open(dst, "wb").write(out)


def residuals(kind, layout, ours, ear_out, ear_names):
    e, _ = sf.read(ear_out, always_2d=True)
    s, _ = sf.read(ours, always_2d=True)
    assert e.shape == s.shape, (e.shape, s.shape)
    rows = []
    for c, name in enumerate(OURS[layout].split()):
        res = np.max(np.abs(s[:, c] - e[:, ear_names.index(name)]))
        rows.append((name, 20 * np.log10(res) if res > 0 else -np.inf))
    worst = max(r[1] for r in rows)
    print("%-15s %-6s worst %7.1f dBFS: %s" % (kind, layout, worst,
                                              ", ".join("%s %.1f" % r for r in rows)))
    sys.stdout.flush()
    return worst


def ear_render(env, system, src, dst):
    subprocess.run(["/usr/bin/python3", "-m", "ear.cmdline.render_file", "-s", system, src, dst],
                   env=env, check=True, capture_output=True)


def as_a_track(stemprint, env, work, kind, master):
    """master, polar, played as a track into each layout, against the EAR."""
    out = os.path.join(work, "out", kind)
    polar = os.path.join(out, "polar_adm.wav")
    polar_copy(env["PYTHONPATH"], master, polar)
    worst_all = -np.inf
    for layout, (system, ear_names) in LAYOUTS.items():
        recipe = os.path.join(work, "%s_polar_%s.yaml" % (kind, layout))
        open(recipe, "w").write(
            "stemprint: 1\ntracks:\n  a: {file: %s, layout: %s}\nmaster: {layout: %s}\n"
            "output: {depth: 32f}\n" % (polar, layout, layout))
        dst = os.path.join(out, "polar_" + layout)
        r = subprocess.run([stemprint, "render", recipe, "-o", dst, "-q"], capture_output=True,
                           text=True)
        if r.returncode not in (0, 1):
            sys.exit("stemprint failed on %s:\n%s%s" % (recipe, r.stdout, r.stderr))
        ear_out = os.path.join(out, "ear_polar_%s.wav" % layout)
        ear_render(env, system, polar, ear_out)
        worst_all = max(worst_all, residuals(kind + "/polar", layout, os.path.join(dst, "mix.wav"),
                                             ear_out, ear_names))
    return worst_all


def compare(stemprint, env, work, kind, text):
    recipe = os.path.join(work, kind + ".yaml")
    open(recipe, "w").write(text)
    out = os.path.join(work, "out", kind)
    r = subprocess.run([stemprint, "render", recipe, "-o", out], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit("stemprint failed on %s:\n%s%s" % (kind, r.stdout, r.stderr))
    master = os.path.join(out, "mix_adm.wav")
    for_the_ear(master, os.path.join(out, "ear_in.wav"))
    worst_all = -np.inf
    for layout, (system, ear_names) in LAYOUTS.items():
        ear_out = os.path.join(out, "ear_%s.wav" % layout)
        ear_render(env, system, os.path.join(out, "ear_in.wav"), ear_out)
        worst_all = max(worst_all, residuals(kind, layout, os.path.join(
            out, "mix_%s.wav" % layout), ear_out, ear_names))
    return max(worst_all, as_a_track(stemprint, env, work, kind, os.path.join(out, "ear_in.wav")))


def main():
    if len(sys.argv) not in (4, 5, 6):
        sys.exit(__doc__)
    stemprint, ear_tree, work = (os.path.abspath(a) for a in sys.argv[1:4])
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 64)
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=ear_tree)
    worst = compare(stemprint, env, work, "song", the_song())
    for i in range(n):
        text, what = random_master(rng, i)
        print("random%d: %s" % (i, what))
        worst = max(worst, compare(stemprint, env, work, "random%d" % i, text))
    print("worst of all: %.1f dBFS" % worst)
    sys.exit(0 if worst <= -90 else 1)


if __name__ == "__main__":
    main()
