#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A kept ADM master's objects moved and trimmed (`objects: keep` with at:,
from:, length:), read back by a reader of its own, by hand.

Renders an ADM master with one moving object (an azimuth ramp over 1 s, an
elevation ramp from 0.5 s), keeps its objects in a second recipe with
`at: 0.25 s, from: 0.4053 s, length: 0.5011 s` (cutting ramps) beside a longer dry track, and
reads both ADM BWFs back without stemprint: the RIFF chunks, chna and axml
parsed here (xml.etree), the samples through ffmpeg (pcm_f32le). Checks:

  samples   the kept object's track is the source's, shifted by at - from,
            inside [at, at + length) and silent outside, bit for bit;
  blocks    they tile the master from 0 without a gap or an overlap;
  places    at every frame of the region the place (x, y, z, width, gain)
            BS.2076's blocks give (a jump or a first block holds; else a
            ramp from the previous block's place over the block) is the
            source's at the matching frame, within the axml's 6 decimals
            (at 0 in a ramp, from the region's second frame: its first is
            a block at the place of the second, a first block having
            nothing to ramp from).

ADM_TRIM_AT=0 in the environment checks a region at 0.

Usage: bench/adm/trimmed.py STEMPRINT WORKDIR
"""
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import soundfile as sf

RATE = 48000
AT, FROM, LENGTH = float(os.environ.get("ADM_TRIM_AT", 0.25)), 0.4053, 0.5011


def chunks(path):
    d = open(path, "rb").read()
    assert d[:4] in (b"RIFF", b"RF64", b"BW64") and d[8:12] == b"WAVE", path
    out, i = {}, 12
    while i + 8 <= len(d):
        cid, n = d[i:i + 4], struct.unpack("<I", d[i + 4:i + 8])[0]
        out[cid] = d[i + 8:i + 8 + n]
        i += 8 + n + (n & 1)
    return out


def frames_of(s):
    """hh:mm:ss.zzzzz, or hh:mm:ss.zzzzzSfffff (frames over the rate)."""
    m = re.fullmatch(r"(\d+):(\d+):(\d+)\.(\d+)(?:S(\d+))?", s)
    h, mi, se, frac, rate = m.groups()
    if rate:
        return (int(h) * 3600 + int(mi) * 60 + int(se)) * int(rate) + int(frac)
    return round((int(h) * 3600 + int(mi) * 60 + int(se) + float("0." + frac)) * RATE)


def objects(path):
    """{name: (track index from 0, [blocks])}, each block a dict."""
    c = chunks(path)
    chna = c[b"chna"]
    n_uids = struct.unpack("<H", chna[2:4])[0]
    track_of = {}
    for k in range(n_uids):
        e = chna[4 + 40 * k:4 + 40 * (k + 1)]
        track_of[e[2:14].decode()] = struct.unpack("<H", e[:2])[0] - 1
    root = ET.fromstring(c[b"axml"].decode())
    ns = {"e": root.tag.split("}")[0][1:]}
    byid = {el.get(a): el for el in root.iter() for a in el.attrib if a.endswith("ID")}
    out = {}
    for ob in root.iter("{%s}audioObject" % ns["e"]):
        pack = byid[ob.find("e:audioPackFormatIDRef", ns).text]
        if pack.get("typeDefinition") != "Objects":
            continue
        cf = byid[pack.find("e:audioChannelFormatIDRef", ns).text]
        blocks = []
        for b in cf.findall("e:audioBlockFormat", ns):
            pos = {p.get("coordinate"): float(p.text) for p in b.findall("e:position", ns)}
            g = b.find("e:gain", ns)
            j = b.find("e:jumpPosition", ns)
            blocks.append(dict(start=frames_of(b.get("rtime")), dur=frames_of(b.get("duration")),
                               p=np.array([pos["X"], pos["Y"], pos.get("Z", 0.0),
                                           float(b.find("e:width", ns).text),
                                           float(g.text) if g is not None else 1.0]),
                               jump=j is not None and j.text.strip() == "1"))
        out[ob.get("audioObjectName")] = (track_of[ob.find("e:audioTrackUIDRef", ns).text], blocks)
    return out


def place(blocks, t):
    """The place BS.2076's blocks give at frame t."""
    for k, b in enumerate(blocks):
        if b["start"] <= t < b["start"] + b["dur"]:
            if b["jump"] or k == 0:
                return b["p"]
            f = (t - b["start"]) / b["dur"]
            return blocks[k - 1]["p"] + (b["p"] - blocks[k - 1]["p"]) * f
    raise ValueError("no block at %d" % t)


def samples(path):
    n = int(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=channels", "-of",
                            "csv=p=0", path], capture_output=True, text=True, check=True).stdout)
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "f32le", "-acodec",
                          "pcm_f32le", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype="<f4").reshape(-1, n)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    stemprint, work = os.path.abspath(sys.argv[1]), sys.argv[2]
    os.makedirs(work, exist_ok=True)
    os.chdir(work)
    t = np.arange(int(1.2 * RATE)) / RATE
    sf.write("tone.wav", (0.25 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), RATE,
             subtype="PCM_24")
    sf.write("dry.wav", np.full(int(1.0 * RATE), 0.125, np.float32), RATE, subtype="PCM_24")
    open("src.yaml", "w").write(
        "stemprint: 1\ntracks:\n  a: {file: tone.wav, to: o}\nbuses:\n"
        "  o: {layout: mono, object: true, pan: {azimuth: [[0, 30], [1 s, -30]], "
        "elevation: [[0.5 s, 0], [1 s, 30]], spread: 20}}\n"
        "master: {layout: 5.1, adm: {renders: [stereo]}}\noutput: {dir: src, depth: 24}\n")
    open("keep.yaml", "w").write(
        "stemprint: 1\ntracks:\n  k: {file: src/mix_adm.wav, layout: 5.1, objects: keep, "
        "at: %g s, from: %g s, length: %g s}\n  dry: {file: dry.wav}\n"
        "master: {layout: 5.1, adm: {renders: [stereo]}}\nstems: {kept: [k], other: [dry]}\n"
        "output: {dir: keep, depth: 24, dither: none}\n" % (AT, FROM, LENGTH))
    for r in ("src.yaml", "keep.yaml"):
        subprocess.run([stemprint, "render", r, "-q"], check=True)
    at, fr, ln = round(AT * RATE), round(FROM * RATE), round(LENGTH * RATE)
    (st, sb), = objects("src/mix_adm.wav").values()
    (kt, kb), = objects("keep/mix_adm.wav").values()
    xs, xk = samples("src/mix_adm.wav")[:, st], samples("keep/mix_adm.wav")[:, kt]
    want = np.zeros_like(xk)
    want[at:at + ln] = xs[fr:fr + ln]
    bad = np.flatnonzero(xk != want)
    print("samples  %d frames, %d differ%s" % (len(xk), len(bad),
                                                " (first at %d)" % bad[0] if len(bad) else ""))
    ends = [b["start"] for b in kb] + [len(xk)]
    tiled = kb[0]["start"] == 0 and all(b["start"] + b["dur"] == e for b, e in zip(kb, ends[1:]))
    print("blocks   %d in the source, %d kept, %s" % (len(sb), len(kb),
                                                    "tiling the master" if tiled else "NOT TILED"))
    worst = max(np.max(np.abs(place(kb, t) - place(sb, t - at + fr)))
                for t in range(at + (1 if at == 0 else 0), at + ln))
    print("places   largest difference over the region %.2e (x, y, z, width, gain)" % worst)
    ok = len(bad) == 0 and tiled and worst < 2e-6
    print("PASSED" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
