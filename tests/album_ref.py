#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The album's master as docs/album.md defines it, in float64, written from
the docs alone (not from core/album/album.c), for tests/test_album.c.

  album_ref.py gen DIR         five songs for the test's album into DIR
  album_ref.py check SPEC.json the master made from SPEC's songs, held
                               against the master stemprint wrote, and the
                               tracks against the master

SPEC.json: {"rate": 48000, "master": PATH, "tracks": [PATH, ...],
            "songs": [{"path": PATH, "head": s, "tail": s, "to": s or null,
                       "gap": s, "crossfade": s, "xcurve": "linear",
                       "fade_out": s, "fcurve": "linear"}, ...]}
Prints: "max_error_dbfs X", "tracks_equal_master 0|1", "starts A B ...".
"""
import json
import math
import sys

import numpy as np
import soundfile as sf


def frames(seconds, rate):
    """A time to the nearest frame (docs/album.md)."""
    return int(math.floor(seconds * rate + 0.5))


def gain(curve, fade_in, i, n):
    t = i / n
    if curve == "power":
        return np.sin(t * np.pi / 2) if fade_in else np.cos(t * np.pi / 2)
    return t if fade_in else 1.0 - t


def gen(folder):
    rate = 48000
    rng = np.random.default_rng(75)
    lengths = [1.3, 1.1, 0.9, 1.2, 1.0]
    for k, seconds in enumerate(lengths):
        n = int(seconds * rate)
        t = np.arange(n) / rate
        left = 0.3 * np.sin(2 * np.pi * (220 + 110 * k) * t) + 0.05 * rng.standard_normal(n)
        right = 0.3 * np.sin(2 * np.pi * (330 + 55 * k) * t) + 0.05 * rng.standard_normal(n)
        data = np.stack([left, right], axis=1)
        if k == 2:  # a mono song: played on both channels
            data = left[:, None]
        sf.write(f"{folder}/g{k + 1}.wav", data, rate, subtype="PCM_24")
    import base64
    with open(f"{folder}/cover.png", "wb") as f:
        f.write(base64.b64decode(COVER))  # a 1x1 PNG


COVER = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAA"
         "SUVORK5CYII=")


def check(spec_path):
    with open(spec_path) as f:
        spec = json.load(f)
    rate = spec["rate"]
    songs = []
    channels = 1
    for s in spec["songs"]:
        audio, r = sf.read(s["path"], dtype="float32", always_2d=True)
        assert r == rate, f"{s['path']}: {r} Hz"
        channels = max(channels, audio.shape[1])
        songs.append(audio.astype(np.float64))
    kept, places = [], []
    end = 0
    for k, s in enumerate(spec["songs"]):
        n = songs[k].shape[0]
        head = frames(s.get("head", 0), rate)
        tail = n - frames(s["to"], rate) if s.get("to") is not None else frames(s.get("tail", 0), rate)
        x = songs[k][head:n - tail]
        if x.shape[1] == 1:
            x = np.repeat(x, channels, axis=1)
        kept.append(x)
        if s.get("crossfade", 0) > 0:
            place = end - frames(s["crossfade"], rate)
        else:
            place = end + frames(s.get("gap", 0), rate)
        places.append(place)
        end = place + x.shape[0]
    master = np.zeros((end, channels))
    for k, s in enumerate(spec["songs"]):
        x = kept[k].copy()
        L = x.shape[0]
        g = np.ones(L)
        X = frames(s.get("crossfade", 0), rate)
        for j in range(min(X, L)):
            g[j] *= gain(s.get("xcurve", "linear"), True, j, X)
        if k + 1 < len(spec["songs"]):
            nxt = spec["songs"][k + 1]
            Xn = frames(nxt.get("crossfade", 0), rate)
            for j in range(L - Xn, L):
                g[j] *= gain(nxt.get("xcurve", "linear"), False, j - (L - Xn), Xn)
        D = frames(s.get("fade_out", 0), rate)
        for j in range(L - D, L):
            g[j] *= gain(s.get("fcurve", "linear"), False, j - (L - D), D)
        master[places[k]:places[k] + L] += x * g[:, None]
    made, _ = sf.read(spec["master"], dtype="float64", always_2d=True)
    if made.shape != master.shape:
        print(f"shape {made.shape} expected {master.shape}")
        return
    err = np.max(np.abs(made - master))
    print(f"max_error_dbfs {20 * math.log10(err) if err > 0 else -999:.1f}")
    tracks = [sf.read(p, dtype="int32", always_2d=True)[0] for p in spec["tracks"]]
    whole = sf.read(spec["master"], dtype="int32", always_2d=True)[0]
    joined = np.concatenate(tracks)
    print(f"tracks_equal_master {int(joined.shape == whole.shape and np.array_equal(joined, whole))}")
    starts, at = [], 0
    for t in tracks:
        starts.append(at)
        at += t.shape[0]
    print("starts " + " ".join(str(s) for s in starts))
    print("places " + " ".join(str(p) for p in places))


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2])
    else:
        check(sys.argv[2])
