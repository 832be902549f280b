#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the ADM benchmark's two recipes at the reference session's size
(32 tracks, 3 minutes, the demo's fixtures looped): adm.yaml, a 7.1.2 bed,
8 moving objects, an ADM master with its 7.1.4, 5.1 and stereo re-renders
and 4 stems (their ADM files and re-renders too); and printmaster.yaml, the
same tracks printed as a 7.1.4 printmaster with the same 4 stems (the 8
objects panned into it as tracks are). Usage: session.py FIXTURES OUTDIR"""
import os
import sys

fx, out = (os.path.abspath(a) for a in sys.argv[1:3])
files = ["kick.wav", "snare.wav", "hats.wav", "bass.wav", "keys.wav", "vox.wav", "bgv.wav"]
stems = {"drums": [], "bass": [], "music": [], "vocals": []}
kinds = ["drums", "drums", "drums", "bass", "music", "vocals", "vocals"]


def track(i, to, pan):
    f = files[i % len(files)]
    regs = ", ".join("{file: %s/%s, at: %d s}" % (fx, f, 12 * k) for k in range(15))
    stems[kinds[i % len(files)]].append("t%02d" % i)
    return "  t%02d: {regions: [%s], gain: -12 dB%s, to: %s}\n" % (i, regs, pan, to)


for kind in ("adm", "printmaster"):
    for v in stems.values():
        v.clear()
    text = "stemprint: 1\nsample_rate: 48000\nlength: 3:00\ntail: 2 s\ntracks:\n"
    for i in range(32):
        if i < 8:
            text += track(i, "o%d" % i, "")
        else:
            text += track(i, "bed" if kind == "adm" else "master", ", pan: {azimuth: %d}" % (i * 37 % 360 - 180))
    text += "buses:\n"
    if kind == "adm":
        text += "  bed: {layout: 7.1.2}\n"
    for i in range(8):
        pan = "pan: {azimuth: [[0, %d], [90 s, %d], [180 s, %d]], elevation: [[0, 0], [180 s, 30]]}" % (
            (i * 45) % 360 - 180, (i * 45 + 90) % 360 - 180, (i * 45 + 180) % 360 - 180)
        lay = "layout: mono, " if files[i % len(files)] not in ("keys.wav", "bgv.wav") else ""
        if kind == "adm":
            text += "  o%d: {%sobject: {binaural: mid}, %s}\n" % (i, lay, pan)
        else:
            text += "  o%d: {%s%s, to: master}\n" % (i, lay, pan) if lay else "  o%d: {layout: 7.1.4, to: master}\n" % i
    text += "master:\n  layout: %s\n" % ("7.1.2" if kind == "adm" else "7.1.4")
    text += "  inserts: [{limiter: {ceiling: -2 dBTP}}]\n"
    if kind == "adm":
        text += "  adm: {renders: [7.1.4, 5.1, stereo]}\n"
    text += "stems:\n" + "".join("  %s: [%s]\n" % (k, ", ".join(v)) for k, v in stems.items())
    text += "output: {depth: 24, dir: %s/out_%s}\n" % (out, kind)
    open(os.path.join(out, kind + ".yaml"), "w").write(text)
