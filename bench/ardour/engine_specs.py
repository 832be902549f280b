#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The two sessions of bench/ardour/engine.sh (issue 73), as specs of
bench/ardour/random/gen.py that bench/ardour/random/run.py --spec builds in
Ardour 7.3 and exports settled:

  engine_specs.py WORKDIR

writes WORKDIR/audio.json and WORKDIR/instruments.json.

audio: 30 s at 48 kHz, seed 225 of gen.py drawn over the audio features
alone (tracks, regions, fades, fader automation, buses, sends, ACE EQ, the
installed sets' effects): 5 tracks, 2 buses, 2 sends, LSP Graphic Equalizer
x16 Stereo, ACE Expander, Calf Equalizer 5 Band, ACE EQ; each track's
region played again at 10 s and 20 s, so that the 30 s play.

instruments: 30 s at 96 kHz: AVL Drums (Black Pearl) playing a General MIDI
pattern of 60 beats and synthv1 (its default patch) playing notes over the
same 60 beats, and one audio track (keys, a 96 kHz copy of the fixture that
ffmpeg writes into WORKDIR) into a bus with ACE EQ: the builder needs one
audio track.
"""
import copy
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "random"))
import gen  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SECONDS = 30
BEATS = 60  # at the session's 120 bpm: 30 s


def audio():
    s = gen.spec(225, ["tracks", "regions", "fades", "fader_auto", "buses", "sends", "plugins", "lv2fx"])
    s["end"] = SECONDS * 48000
    for t in s["tracks"]:
        r = t["region"]
        length = r.get("length", 12.0)
        for at in (10.0, 20.0):
            c = {k: v for k, v in r.items() if k in ("start", "length", "fade_in", "fade_out")}
            c["start"], c["length"] = r.get("start", 0.0), length
            c["position"] = round(at + r.get("position", 0.0) % 2.0, 3)
            t["copies"].append(c)
    return s


def instruments(work):
    rnd = random.Random("engine:instruments")
    keys = os.path.join(work, "keys96k.wav")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", os.path.join(ROOT, "fixtures", "audio", "keys.wav"),
                    "-ar", "96000", "-c:a", "pcm_s24le", keys], check=True)
    s = {"seed": 0, "end": SECONDS * 96000, "rate": 96000, "tracks": [], "buses": [], "vcas": [], "tempo": None,
         "midi": [], "features": ["tracks", "buses", "plugins", "avldrums", "synths"]}
    s["buses"].append({"name": "bus1", "gain": -2.0, "route": {}})
    s["tracks"].append({"name": "keys", "file": keys, "gain": -18.0, "pan": 0.0, "to": "bus1",
                        "region": {"start": 0.0, "position": 0.0, "length": 12.0}, "copies": [], "route": {}})
    s["buses"][0]["route"]["add"] = [{"uri": "urn:ardour:a-eq", "params": {16: -1.5, 3: 3.0, 6: -2.0}}]
    long_region = [{"pos": 0, "start": 0, "opaque": True, "len": BEATS * 1920}]
    drums = {"name": "drums", "kind": "avldrums", "gain": 0.3, "pan": 0.5, "regions": copy.deepcopy(long_region),
             "events": []}
    for step in range(2 * BEATS):
        for key, p in ((36, 0.35), (38, 0.25), (42, 0.7), (46, 0.1), (49, 0.04)):
            if rnd.random() < p:
                gen.note(drums["events"], 9, step * gen.PPQN // 2 + rnd.randint(0, 20), 60, key, rnd.randint(40, 127))
    synth = {"name": "synth", "kind": "organ", "uri": "http://synthv1.sourceforge.net/lv2", "params": {},
             "gain": 0.25, "pan": 0.4, "regions": copy.deepcopy(long_region), "events": []}
    for beat in range(0, BEATS, 2):
        root = rnd.choice([45, 48, 50, 52, 55])
        for k in (0, 7, 12):
            gen.note(synth["events"], 0, beat * gen.PPQN + rnd.randint(0, 15), 2 * gen.PPQN - 40, root + k,
                     rnd.randint(60, 110))
    s["midi"] = [drums, synth]
    return s


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    work = os.path.abspath(sys.argv[1])
    os.makedirs(work, exist_ok=True)
    json.dump(audio(), open(os.path.join(work, "audio.json"), "w"), indent=1)
    json.dump(instruments(work), open(os.path.join(work, "instruments.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
