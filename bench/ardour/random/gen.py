# SPDX-License-Identifier: GPL-3.0-or-later
"""A random Ardour 7.3 session from a seed, as the files bench/ardour builds
sessions from (issue 63).

    gen.py spec SEED > spec.json        the session drawn (JSON)
    gen.py files spec.json DIR          DIR/recipe.yaml (the routing, for
                                        ../shared/bench/ardour's builder) and
                                        DIR/edits.lua (for bench/ardour/edit.lua)

A seed draws each feature of features.txt by its chance, each from a stream
of its own (random.Random("SEED:NAME")), so a feature added at the end of the
list leaves every earlier seed's session as it was. The spec is what the
shrinker (run.py) cuts: a track, a region, an automation point, a plugin at a
time; files() turns any spec, cut or not, into a session's inputs.
"""
import json
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SR = 48000
END_S = 10.0  # the export range, 0 .. 10 s
FILES = {"kick": 1, "snare": 1, "hats": 1, "bass": 1, "vox": 1, "keys": 2, "bgv": 2}
SHAPES = ["linear", "power", "fast", "slow", "symmetric"]
LEVEL_STYLES = [None, "Linear", "Discrete", "Curved"]  # None: the fader's Exponential
TRIM_STYLES = [None, "Linear", "Discrete", "Curved"]  # None: the trim's Logarithmic


def features():
    """(name, chance, first seed) of each line of features.txt; a line's
    third word @N: drawn from seed N on (a feature added after seeds were
    run and tabled leaves those seeds' sessions as they were)."""
    out = []
    for line in open(os.path.join(HERE, "features.txt")):
        line = line.split("#", 1)[0].split()
        if line:
            first = int(line[2][1:]) if len(line) > 2 and line[2].startswith("@") else 0
            out.append((line[0], float(line[1]), first))
    return out


def r3(x):
    return round(x, 3)


def points(rnd, n, t0, t1, lo, hi, log=False):
    ts = sorted(r3(rnd.uniform(t0, t1)) for _ in range(n))
    out = []
    for t in ts:
        if out and t <= out[-1][0]:
            continue
        if log:
            v = 10 ** rnd.uniform(lo, hi)
        else:
            v = rnd.uniform(lo, hi)
        out.append([t, round(v, 4)])
    return out


def f_tracks(rnd, s):
    names = rnd.sample(sorted(FILES), rnd.randint(1, 5))
    for n in names:
        s["tracks"].append({"name": n, "gain": round(rnd.uniform(-30, -12), 2),
                            "pan": round(rnd.uniform(-1, 1), 2) if FILES[n] == 1 else 0.0,
                            "to": "master", "region": {}, "copies": [], "route": {}})


def region(rnd, pos_max=4.0):
    start = r3(rnd.uniform(0, 3))
    length = r3(rnd.uniform(1, min(8, 12 - start)))
    return {"start": start, "position": r3(rnd.uniform(0, pos_max)), "length": length}


def f_regions(rnd, s):
    for t in s["tracks"]:
        if rnd.random() < 0.8:
            t["region"].update(region(rnd))
        if rnd.random() < 0.5:
            t["region"]["scale"] = round(rnd.uniform(0.2, 2), 3)


def fade(rnd, length):
    return [r3(rnd.uniform(0.01, max(0.02, min(1.5, length / 3)))), rnd.choice(SHAPES)]


def f_fades(rnd, s):
    for t in s["tracks"]:
        length = t["region"].get("length", 12)
        if rnd.random() < 0.7:
            t["region"]["fade_in"] = fade(rnd, length)
        if rnd.random() < 0.7:
            t["region"]["fade_out"] = fade(rnd, length)


def f_envelope(rnd, s):
    for t in s["tracks"]:
        if rnd.random() < 0.5:
            length = t["region"].get("length", 12)
            t["region"]["envelope"] = points(rnd, rnd.randint(2, 5), 0, length, 0.0, 1.5)


def f_layers(rnd, s):
    for t in s["tracks"]:
        if rnd.random() < 0.6:
            for _ in range(rnd.randint(1, 2)):
                c = region(rnd, 7.0)
                if rnd.random() < 0.6:
                    c["fade_in"] = fade(rnd, c["length"])
                if rnd.random() < 0.6:
                    c["fade_out"] = fade(rnd, c["length"])
                if rnd.random() < 0.3:
                    c["opaque"] = False
                if rnd.random() < 0.2:
                    c["lower"] = True
                t["copies"].append(c)


def f_fader_auto(rnd, s):
    for t in s["tracks"]:
        if rnd.random() < 0.5:
            t["route"]["gain"] = points(rnd, rnd.randint(2, 6), 0.1, 9.5, 0.05, 1.5)
            st = rnd.choice(LEVEL_STYLES)
            if st:
                t["route"]["gain_style"] = st


def f_pan_auto(rnd, s):
    for t in s["tracks"]:
        if FILES[t["name"]] == 1 and rnd.random() < 0.5:
            t["route"]["pan"] = points(rnd, rnd.randint(2, 4), 0.1, 9.5, 0.0, 1.0)


def f_trim(rnd, s):
    for t in s["tracks"]:
        if rnd.random() < 0.5:
            # at most +6 dB: more took the mix past full scale (seeds 36, 38, 40, 44,
            # 101, 109, 117 of the first run), which a 24-bit print clips
            if rnd.random() < 0.5:
                t["route"]["trim"] = round(rnd.uniform(-12, 6), 2)
            else:
                t["route"]["trims"] = points(rnd, rnd.randint(2, 5), 0.1, 9.5, -1.0, 0.3, log=True)
                st = rnd.choice(TRIM_STYLES)
                if st:
                    t["route"]["trim_style"] = st


def f_polarity(rnd, s):
    for t in s["tracks"]:
        if rnd.random() < 0.4:
            t["route"]["invert"] = True


def f_mute_auto(rnd, s):
    for t in s["tracks"]:
        if rnd.random() < 0.4:
            ts = sorted(set(r3(rnd.uniform(0.1, 9.5)) for _ in range(rnd.randint(1, 4))))
            v = rnd.randint(0, 1)
            pts = [[0.0, v]]
            for x in ts:
                v = 1 - v
                pts.append([x, v])
            t["route"]["mutes"] = pts


def f_buses(rnd, s):
    for i in range(rnd.randint(1, 2)):
        b = {"name": "bus%d" % (i + 1), "gain": round(rnd.uniform(-8, 2), 2), "route": {}}
        if rnd.random() < 0.4:
            b["route"]["gain"] = points(rnd, rnd.randint(2, 4), 0.1, 9.5, 0.1, 1.3)
        s["buses"].append(b)
    for t in s["tracks"]:
        if rnd.random() < 0.6:
            t["to"] = rnd.choice(s["buses"])["name"]


def f_sends(rnd, s):
    if not s["buses"]:
        s["buses"].append({"name": "ret", "gain": round(rnd.uniform(-8, 0), 2), "route": {}})
    for t in s["tracks"]:
        if rnd.random() < 0.5:
            dests = [b["name"] for b in s["buses"] if b["name"] != t["to"]]
            if not dests:
                continue
            sd = {"to": rnd.choice(dests), "level": round(rnd.uniform(-20, 0), 2),
                  "tap": rnd.choice(["pre", "post"])}
            if rnd.random() < 0.4:
                sd["auto"] = points(rnd, rnd.randint(2, 4), 0.1, 9.5, 0.05, 1.2)
            t.setdefault("sends", []).append(sd)


def f_tempo(rnd, s):
    bpm0 = rnd.choice([90, 97, 100, 120, 128, 140])
    tempo = [[0, bpm0]]
    beat = rnd.randint(2, 8)
    bpm1 = rnd.randint(70, 160)
    if rnd.random() < 0.4:
        tempo[0].append("ramp")
    tempo.append([beat, bpm1])
    s["tempo"] = tempo
    for t in s["tracks"]:
        if "position" in t["region"] and rnd.random() < 0.7:
            del t["region"]["position"]
            t["region"]["ticks"] = rnd.randint(0, 8 * 1920)


def f_vca(rnd, s):
    routes = [t["name"] for t in s["tracks"]] + [b["name"] for b in s["buses"]]
    v = {"name": "V1", "routes": sorted(rnd.sample(routes, rnd.randint(1, len(routes)))),
         "gain": round(rnd.uniform(0.25, 1.5), 3)}
    if rnd.random() < 0.5:
        v["gains"] = points(rnd, rnd.randint(2, 4), 0.1, 9.5, 0.1, 1.5)
    s["vcas"].append(v)


def f_plugins(rnd, s):
    where = s["tracks"] + s["buses"]
    for r in rnd.sample(where, rnd.randint(1, min(2, len(where)))):
        params = {}
        for band, (g, f, bw) in enumerate([(3, 2, 4), (6, 5, 7), (9, 8, 10), (12, 11, 13)]):
            if rnd.random() < 0.6:
                params[g] = round(rnd.uniform(-12, 12), 2)
                params[f] = round(10 ** rnd.uniform(1.6, 4), 1)
                params[bw] = round(rnd.uniform(0.3, 3), 2)
        if rnd.random() < 0.3:
            params[1] = round(rnd.uniform(-10, 10), 2)
        if rnd.random() < 0.3:
            params[15] = round(rnd.uniform(-10, 10), 2)
        params[16] = round(rnd.uniform(-6, 3), 2)
        p = {"uri": "urn:ardour:a-eq", "params": params}
        if rnd.random() < 0.5:
            port = rnd.choice([3, 6, 9, 12])
            p["auto"] = {port: points(rnd, rnd.randint(2, 4), 0.1, 9.5, -12, 12)}
        r["route"].setdefault("add", []).append(p)


INSTRUMENTS = {
    "reasonable": {"uri": "https://community.ardour.org/node/7596"},
    "fluid": {"uri": "urn:ardour:a-fluidsynth", "preset": "gm", "params": {1: 0, 6: 0}},  # reverb, chorus off
    "avldrums": {"uri": "http://gareus.org/oss/lv2/avldrums#BlackPearl"},
    # the synths feature's: the track says its instrument (SYNTHS below)
    "bsynth": {}, "monosynth": {}, "organ": {}, "wavetable": {}, "lspsampler": {}, "lspmono": {},
    # not drawn: what Ardour sends an instrument, read back (scripts/sp_midilog.lua)
    "midilog": {"uri": "SP MIDI Log", "type": "Lua"},
}
PPQN = 960  # the parts' ticks a quarter note (Ardour reads 1920)


def midi_track(rnd, s, kind):
    # no digit at the end: Ardour numbers a new route's name that ends in one
    t = {"name": "%s%s" % (kind[:4], "abcdefgh"[len(s["midi"])]), "kind": kind,
         "gain": round(10 ** (rnd.uniform(-30, -10) / 20), 4), "pan": round(rnd.uniform(0, 1), 3),
         "regions": [], "events": []}
    after = 0  # regions that do not overlap, mostly (overlapping opaque ones are a loss)
    for _ in range(rnd.randint(1, 2)):
        pos = rnd.randint(0, 8 * 1920) if rnd.random() < 0.3 else after + rnd.randint(0, 4 * 1920)
        start = min(pos, rnd.choice([0, 0, rnd.randint(0, 4 * 1920)]))  # the source starts at or after 0
        r = {"pos": pos, "start": start, "opaque": rnd.random() < 0.7}
        if rnd.random() < 0.7 or after == 0:
            r["len"] = rnd.randint(1920, 12 * 1920)
        after = pos + r.get("len", 0)
        t["regions"].append(r)
    s["midi"].append(t)
    return t


def note(ev, ch, on, length, key, vel, off=64):
    ev.append([on, "%02x%02x%02x" % (0x90 | ch, key, vel)])
    ev.append([on + length, "%02x%02x%02x" % (0x80 | ch, key, off)])


def f_reasonable(rnd, s):
    t = midi_track(rnd, s, "reasonable")
    for _ in range(rnd.randint(6, 30)):
        on = rnd.randint(0, 16 * PPQN)
        note(t["events"], 0, on, rnd.randint(20, 2 * PPQN), rnd.randint(36, 84), rnd.randint(10, 127),
             rnd.randint(0, 127))


def f_fluid(rnd, s):
    t = midi_track(rnd, s, "fluid")
    ev = t["events"]
    ev += [[0, "c0%02x" % rnd.choice([0, 4, 16, 19, 24, 33, 40, 48, 56, 61, 73, 80])], [0, "b007%02x" % rnd.randint(60, 120)],
           [0, "b00a%02x" % rnd.randint(0, 127)]]
    for bar in range(4):
        b = bar * 4 * PPQN
        root = rnd.randint(48, 64)
        for i, k in enumerate((0, 4, 7, 12)):
            note(ev, 0, b + rnd.randint(0, 30), rnd.randint(PPQN, 4 * PPQN), root + k, rnd.randint(40, 110))
        if rnd.random() < 0.6:
            ev.append([b + rnd.randint(0, 10), "b0407f"])
            ev.append([b + 4 * PPQN - rnd.randint(1, 30), "b04000"])


def f_bend(rnd, s):
    for t in s["midi"]:
        if t["kind"] != "fluid":
            continue
        ev = t["events"]
        for _ in range(rnd.randint(1, 3)):
            a = rnd.randint(0, 14 * PPQN)
            b = a + rnd.randint(PPQN // 4, 2 * PPQN)
            v0, v1 = rnd.randint(0, 16383), rnd.randint(0, 16383)
            if rnd.random() < 0.5:  # a line: its two ends
                pts = [(a, v0), (b, v1)]
            else:  # steps: each value held
                pts = [(a + k * (b - a) // 4, rnd.randint(0, 16383)) for k in range(4)]
            pts.append((b + rnd.randint(1, PPQN), 8192))
            for x, v in pts:
                ev.append([x, "e0%02x%02x" % (v & 0x7F, v >> 7)])


def f_avldrums(rnd, s):
    t = midi_track(rnd, s, "avldrums")
    for step in range(32):
        for key, p in ((36, 0.3), (38, 0.25), (42, 0.6), (46, 0.1), (49, 0.05)):
            if rnd.random() < p:
                note(t["events"], 9, step * PPQN // 2 + rnd.randint(0, 20), 60, key, rnd.randint(30, 127))


def f_empty_track(rnd, s):
    t = midi_track(rnd, s, rnd.choice(["reasonable", "avldrums"]))
    t["regions"] = []


# The plugins the lv2fx feature draws from (their ports in plugins.json,
# written by lv2ports.c from the installed sets: x42, ACE, LSP, ZAM, Calf,
# Dragonfly), effects stemprint runs with one or two audio inputs and
# outputs. Left out: meters and analysers (they pass their input), generators
# (LSP's noise and oscillator), plugins that play nothing without a file
# (convolvers, impulse responses, samplers: a file is the state row's own
# case), crossovers (more outputs than stemprint runs), MIDI filters.
X, LSP, CALF, ZAM = ("http://gareus.org/oss/lv2/", "http://lsp-plug.in/plugins/lv2/",
                     "http://calf.sourceforge.net/plugins/", "urn:zamaudio:")
FX = ([X + p for p in ("fil4#mono", "fil4#stereo", "darc#mono", "darc#stereo", "dpl#mono", "dpl#stereo", "balance",
                       "stereoroute", "phaserotate", "phaserotate#stereo", "b_whirl#simple", "fat1")]
      + ["urn:ardour:" + p for p in ("a-comp", "a-comp#stereo", "a-exp", "a-exp#stereo", "a-delay", "a-reverb")]
      + [LSP + p for p in ("para_equalizer_x16_mono", "para_equalizer_x16_stereo", "graph_equalizer_x16_mono",
                           "graph_equalizer_x16_stereo", "compressor_mono", "compressor_stereo", "gate_mono",
                           "gate_stereo", "expander_mono", "expander_stereo", "dyna_processor_stereo", "limiter_mono",
                           "limiter_stereo", "mb_compressor_stereo", "slap_delay_mono", "slap_delay_stereo",
                           "comp_delay_mono", "comp_delay_stereo", "surge_filter_stereo", "loud_comp_stereo",
                           "art_delay_stereo")]
      + [ZAM + p for p in ("ZaMaximX2", "ZaMultiCompX2", "ZamAutoSat", "ZamComp", "ZamCompX2", "ZamDelay", "ZamEQ2",
                           "ZamGEQ31", "ZamGate", "ZamGateX2", "ZamHeadX2", "ZamPhono", "ZamTube", "ZamVerb",
                           "ZamDynamicEQ", "ZamGrains")]
      + [CALF + p for p in ("BassEnhancer", "CompensationDelay", "Compressor", "Crusher", "Deesser", "Emphasis",
                            "Equalizer5Band", "Equalizer8Band", "Equalizer12Band", "Exciter", "Filter", "Flanger",
                            "Gate", "HaasEnhancer", "Limiter", "MonoCompressor", "MultiChorus", "MultibandCompressor",
                            "Phaser", "Pulsator", "Reverb", "ReverseDelay", "RingModulator", "RotarySpeaker",
                            "Saturator", "StereoTools", "TapeSimulator", "TransientDesigner", "VintageDelay",
                            "Vinyl")]
      + ["https://github.com/michaelwillis/dragonfly-reverb", "urn:dragonfly:early", "urn:dragonfly:plate",
         "urn:dragonfly:room"])
SYNTHS = {"bsynth": X + "b_synth", "monosynth": CALF + "Monosynth", "organ": CALF + "Organ",
          "wavetable": CALF + "Wavetable",
          # LSP's instruments all play samples (the Sampler, the Multisampler):
          # its Sampler on a sample run.py writes (LSP_SAMPLE), loaded from an
          # LV2 preset with state as a user loads a file, its key (note,
          # octave) drawn and played; from seed 261 on (the seeds before keep
          # their draws)
          "lspsampler": LSP + "sampler_stereo", "lspmono": LSP + "sampler_mono"}
SYNTHS_FROM = {"lspsampler": 261, "lspmono": 261}
# the Sampler's ports not drawn: the key (drawn apart), the MIDI channel, its
# forced mute, and its random velocity and timing (dyna, drft: a random
# generator of its own, which no two runs share)
LSP_FIXED = {"chan", "note", "oct", "mute", "dyna", "drft"}
# ports a user does not set to hear the plugin: its on switch, buttons, the
# UI's own (analysers' zoom, colours), the MIDI channel, the host's tempo
UNDRAWN = {"bypass", "enabled", "enable", "on", "reset", "clear", "pause", "freeze", "midi", "zoom", "fsel", "frqs",
           "react", "shift", "fft", "fftv_l", "fftv_r", "fftv", "ife_l", "ofe_l", "ife_r", "ofe_r"}
GAINISH = ("gain", "level", "lvl", "makeup", "mak", "drive", "vol", "out", "g_in", "boost", "amount", "dry", "wet",
           "master", "input", "mix")
_PORTS = None


def ports(uri):
    """The control inputs of uri a user would set (plugins.json)."""
    global _PORTS
    if _PORTS is None:
        _PORTS = json.load(open(os.path.join(HERE, "plugins.json")))
    out = []
    for p in _PORTS[uri]["ports"]:
        if ("min" not in p or "max" not in p or p["min"] >= p["max"] or p.get("trigger") or p.get("notOnGUI")
                or p.get("sr") or "designation" in p or p["symbol"] in UNDRAWN or p["symbol"].startswith("hue")):
            continue
        out.append(p)
    return out


def value(rnd, p):
    """A random value of port p: a switch or a choice any of its settings;
    a number around its default, towards either end (a level, a drive or a
    mix a quarter of the way, so that the mix stays under full scale)."""
    lo, hi = p["min"], p["max"]
    d = min(hi, max(lo, p.get("default", lo)))
    if p.get("toggled"):
        return rnd.randint(0, 1)
    if p.get("enumeration") and p.get("points"):
        return rnd.choice(sorted(p["points"]))
    gainish = any(g in p["symbol"].lower() for g in GAINISH)
    k = 0.25 if gainish else 0.8
    u = rnd.uniform(-1, 1)
    if gainish and lo >= 0 and d > 0 and hi / d >= 10:
        # a gain as a factor (LSP's 0 .. 1000, Calf's 1/64 .. 64): within
        # a factor of 2 of its default (6 dB)
        return g4(min(hi, max(lo, d * 2 ** u)), lo, hi)
    if p.get("log") and lo > 0:
        ld, llo, lhi = math.log(d), math.log(lo), math.log(hi)
        v = math.exp(ld + u * k * ((lhi - ld) if u > 0 else (ld - llo)))
    else:
        v = d + u * k * ((hi - d) if u > 0 else (d - lo))
    if p.get("integer"):
        return int(round(min(hi, max(lo, v))))
    return g4(min(hi, max(lo, v)), lo, hi)


def g4(v, lo, hi):
    """v to 4 significant digits, within lo .. hi (rounding took Calf
    Compensation Delay's dry, 0.00024414 at its least, to 0.0002441, which
    Ardour refuses: seed 280)."""
    return min(hi, max(lo, float("%.4g" % v)))


def moving(p):
    return not (p.get("toggled") or p.get("enumeration") or p.get("integer"))


def drawn_params(rnd, uri, chance=0.3):
    return {p["param"]: value(rnd, p) for p in ports(uri) if rnd.random() < chance}


def f_lv2fx(rnd, s):
    where = s["tracks"] + s["buses"]
    for _ in range(rnd.randint(1, 3)):
        r = rnd.choice(where)
        uri = rnd.choice(FX)
        p = {"uri": uri, "params": drawn_params(rnd, uri)}
        if rnd.random() < 0.25:
            p["post"] = True
        r["route"].setdefault("add", []).append(p)


def automation(rnd, uri, n, skip=()):
    """{port index: points} for n of uri's number ports (not those named in skip)."""
    cand = [p for p in ports(uri) if moving(p) and p["symbol"] not in skip]
    out = {}
    for p in rnd.sample(cand, min(n, len(cand))):
        pts = []
        for t in sorted(set(r3(rnd.uniform(0.1, 9.5)) for _ in range(rnd.randint(2, 5)))):
            pts.append([t, value(rnd, p)])
        out[p["index"]] = pts
    return out


def f_lv2auto(rnd, s):
    for r in s["tracks"] + s["buses"]:
        for p in r["route"].get("add", []):
            if p["uri"] in FX and rnd.random() < 0.6:
                a = automation(rnd, p["uri"], rnd.randint(1, 2))
                if a:
                    p["auto"] = a


def f_synths(rnd, s):
    kind = rnd.choice(sorted(k for k in SYNTHS if s["seed"] >= SYNTHS_FROM.get(k, 0)))
    if kind.startswith("lsp"):
        f_lsp(rnd, s, kind)
        return
    if kind == "wavetable":
        # Calf Wavetable took Ardour 7.3 down while the session was edited or
        # exported (realloc(): invalid pointer; seeds 208, 210, 219 and 225
        # of the first run): drawn, it plays Calf Organ instead
        kind = "organ"
    t = midi_track(rnd, s, kind)
    t["uri"] = SYNTHS[kind]
    t["params"] = drawn_params(rnd, t["uri"], 0.2)
    ev = t["events"]
    if kind == "bsynth":  # setBfree is played through controllers: the upper manual's drawbars (CC 70 to 78)
        for cc in range(70, 79):
            if rnd.random() < 0.5:
                ev.append([0, "b0%02x%02x" % (cc, rnd.randint(0, 127))])
    for _ in range(rnd.randint(6, 24)):
        on = rnd.randint(0, 16 * PPQN)
        note(ev, 0, on, rnd.randint(40, 2 * PPQN), rnd.randint(40, 80), rnd.randint(30, 127), rnd.randint(0, 127))
    if rnd.random() < 0.4:
        a = automation(rnd, t["uri"], 1)
        if a:
            t["auto"] = a


# 5.1 (Ardour 7.3: a route of one or two inputs into six outputs gets the
# VBAP panner when the session loads; bench/ardour/surround_edit.py rewires
# the saved session as a user does in Ardour's matrix): master and every
# bus six channels (their panners bypassed, a bus into master 1..6 as is),
# each track and MIDI track into master or its bus either by VBAP (an
# azimuth; a stereo route a width) or wired straight into some of its
# channels (mono: one, the LFE's among them; stereo: two); now and then the
# session's own speakers where 5.1's are (a MIDI track by VBAP only). A moving pan is dropped: under
# VBAP or wired into some of six channels, Ardour 7.3's pan automation is
# a loss the import names (docs/sessions.md).
SPEAKERS51 = [210, 150, 180, 0, 290, 70]


def surround_route(rnd, channels):
    if rnd.random() < 0.65:
        w = ["vbap", round(rnd.uniform(0, 1), 3)]
        if channels == 2:
            w.append(round(rnd.uniform(-1, 1), 2))
        return w
    return ["port", sorted(rnd.sample(range(1, 7), channels))]


def f_surround(rnd, s):
    s["surround"] = {"speakers": SPEAKERS51 if rnd.random() < 0.3 else None}
    for t in s["tracks"]:
        t["route"].pop("pan", None)
        t["surround"] = surround_route(rnd, FILES[t["name"]])
    for m in s["midi"]:
        # by VBAP only: Ardour 7.3 gives a MIDI track (strict I/O) as many
        # outputs as master has inputs when it loads the session, its two
        # wired ones VBAP's first two (found/seed261-midiport.json)
        m["surround"] = ["vbap", round(rnd.uniform(0, 1), 3), round(rnd.uniform(-1, 1), 2)]


def f_lsp(rnd, s, kind):
    """LSP Sampler (synths): the sample's pitch in its state, the key it
    plays drawn (most notes on it, some beside it, which it ignores)."""
    t = midi_track(rnd, s, kind)
    t["uri"] = SYNTHS[kind]
    t["params"] = {p["param"]: value(rnd, p) for p in ports(t["uri"])
                   if p["symbol"] not in LSP_FIXED and rnd.random() < 0.2}
    by = {p["symbol"]: p["param"] for p in ports(t["uri"])}
    note, octave = rnd.randint(0, 11), rnd.randint(3, 6)
    t["params"][by["note"]], t["params"][by["oct"]] = note, octave
    t["lsp"] = {"pitch": round(rnd.uniform(-12, 12) * 2) / 2 if rnd.random() < 0.5 else 0.0}
    key = octave * 12 + note  # LSP's: its octave -1 is index 0
    for _ in range(rnd.randint(6, 24)):
        k = key if rnd.random() < 0.8 else key + rnd.choice([-12, -1, 1, 12])
        note_(t["events"], rnd.randint(0, 16 * PPQN), rnd.randint(40, 2 * PPQN), k, rnd)
    if rnd.random() < 0.4:
        a = automation(rnd, t["uri"], 1, LSP_FIXED)
        if a:
            t["auto"] = a


def f_stereo_split(rnd, s):
    """Stereo sources as Ardour writes every stereo file it records, imports
    or bounces: two mono files, NAME%L.wav and NAME%R.wav, a region's
    source-0 and source-1 (split_sources writes them into the session). A
    stereo track (keys, bgv; one added when the seed drew none) is split by
    0.85, the first always; by 0.6 one side is made another length: "pad",
    0.05 to 0.5 s of silence before its channel (its audio later by as much,
    the file longer), or "cut", its channel ended 0.1 s or more after the
    furthest any region of the track reads it (never before: Ardour 7.3
    silences a mono file's channel over every disk read that crosses its end,
    docs/sessions.md)."""
    stereo = [t for t in s["tracks"] if FILES[t["name"]] == 2]
    if not stereo:
        have = set(t["name"] for t in s["tracks"])
        name = rnd.choice([n for n in sorted(FILES) if FILES[n] == 2 and n not in have])
        t = {"name": name, "gain": round(rnd.uniform(-30, -12), 2), "pan": 0.0, "to": "master",
             "region": region(rnd), "copies": [], "route": {}}
        s["tracks"].append(t)
        stereo = [t]
    for i, t in enumerate(stereo):
        if i and rnd.random() >= 0.85:
            continue
        t["split"] = {}
        if rnd.random() < 0.6:
            side = rnd.choice("LR")
            reach = max([r.get("start", 0) + r.get("length", 12) for r in [t["region"]] + t["copies"]])
            if rnd.random() < 0.5 or reach > 11.8:
                t["split"][side] = ["pad", r3(rnd.uniform(0.05, 0.5))]
            else:
                t["split"][side] = ["cut", r3(rnd.uniform(reach + 0.1, 12))]


def split_sources(s, session_dir, name="sp"):
    """Each split stereo track's file (s's tracks with "split", f_stereo_split)
    as Ardour writes it: its two channels as NAME%L.wav and NAME%R.wav in the
    session's audiofiles (a side padded or cut as drawn), the
    session's two Sources of the stereo file (channels 0 and 1) made those
    two files' channel 0. Run on the saved session before Ardour loads it
    for its edits (run.py), so every region Ardour makes plays them."""
    import re
    import wave
    path = os.path.join(session_dir, name + ".ardour")
    xml = open(path).read()
    sub = os.listdir(os.path.join(session_dir, "interchange"))[0]
    afdir = os.path.join(session_dir, "interchange", sub, "audiofiles")
    root = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
    for t in s["tracks"]:
        if "split" not in t:
            continue
        base = t["name"]
        w = wave.open(os.path.join(root, "fixtures", "audio", base + ".wav"))
        ch, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
        data = w.readframes(w.getnframes())
        w.close()
        frame = ch * width
        for c, side in enumerate("LR"):
            mono = b"".join(data[k + c * width:k + (c + 1) * width] for k in range(0, len(data), frame))
            how, secs = t["split"].get(side, (None, 0))
            if how == "pad":
                mono = bytes(int(round(secs * rate)) * width) + mono
            elif how == "cut":
                mono = mono[:int(round(secs * rate)) * width]
            out = wave.open(os.path.join(afdir, "%s%%%s.wav" % (base, side)), "wb")
            out.setnchannels(1)
            out.setsampwidth(width)
            out.setframerate(rate)
            out.writeframes(mono)
            out.close()

            def rename(m, c=c, side=side):
                return m.group(0).replace('name="%s.wav"' % base, 'name="%s%%%s.wav"' % (base, side)).replace(
                    'channel="%d"' % c, 'channel="0"')
            xml, n = re.subn(r'<Source name="%s\.wav"[^>]*channel="%d"[^>]*/>' % (re.escape(base), c), rename, xml)
            if n != 1:
                sys.exit("gen.py: %d sources of %s.wav channel %d in %s" % (n, base, c, path))
    open(path, "w").write(xml)


def note_(ev, on, length, key, rnd):
    note(ev, 0, on, length, key, rnd.randint(30, 127), rnd.randint(0, 127))


# A sidechain's plugins (f_sidechain): ACE Compressor's one sidechain pin,
# LSP Sidechain Compressor Stereo's two; params by Ardour's parameter
# index: its switch to the sidechain, a threshold and a ratio that duck
SIDECHAIN = {
    "ace": {"uri": "urn:ardour:a-comp#stereo", "params": {9: 1}, "thr": 4, "rat": 3},
    "lsp": {"uri": LSP + "sc_compressor_stereo", "params": {5: 2}, "thr": 17, "rat": 21},
}


def f_sidechain(rnd, s):
    """A sidechain compressor keyed by a track's external send (issue 71):
    the send's outputs (1 or 2) and their wiring into the sidechain's
    ports, its pins left out of InputMap-0 (unmapped), a stereo key panned.
    Built by sidechain.lua and sidechain_edit() in run.py."""
    src = rnd.choice(s["tracks"])
    dests = [t["name"] for t in s["tracks"] if t is not src] + [b["name"] for b in s["buses"]]
    kind = rnd.choice(sorted(SIDECHAIN))
    k = SIDECHAIN[kind]
    params = dict(k["params"])
    if kind == "lsp":
        params[k["thr"]] = round(10 ** rnd.uniform(-2.5, -0.7), 4)  # al: a linear threshold
    else:
        params[k["thr"]] = round(rnd.uniform(-40, -10), 2)  # thr: dB
    params[k["rat"]] = round(rnd.uniform(2, 10), 2)
    outs = rnd.choice([1, 2])
    c = {"to": rnd.choice(dests) if dests else "Master", "from": src["name"], "uri": k["uri"], "params": params,
         "tap": rnd.choice(["pre", "post"]), "outs": outs,
         # each send output's sidechain port (0-based): LSP's two, ACE's one
         "wire": [rnd.randint(0, 1) if kind == "lsp" else 0 for _ in range(outs)],
         "unmapped": rnd.random() < 0.3}
    if FILES[src["name"]] == 2 and rnd.random() < 0.5:
        src["pan"] = round(rnd.uniform(-1, 1), 2)  # the Stereo Balance panner's
    s.setdefault("sidechains", []).append(c)


def f_midichan(rnd, s):
    """A MIDI track's playback channel mode (issue 71): some of its notes
    moved to channels 2 and 3 (each key to one channel), then a filter to
    some channels or a force to one (run.py's midichan_edit)."""
    if not s["midi"]:
        return
    t = rnd.choice(s["midi"])
    to = {}
    for ev in t["events"]:
        st, key = int(ev[1][:2], 16), ev[1][2:4]
        if st & 0xF0 in (0x80, 0x90) and st & 0x0F == 0:
            if key not in to:
                to[key] = rnd.choice([0, 0, 1, 2])
            ev[1] = "%02x%s" % ((st & 0xF0) | to[key], ev[1][2:])
    if rnd.random() < 0.5:
        mask = 0
        while mask == 0:
            mask = sum(1 << c for c in range(4) if rnd.random() < 0.5)
        t["chanmode"] = ["FilterChannels", mask]
    else:
        t["chanmode"] = ["ForceChannel", 1 << rnd.randint(0, 15)]


def f_eqpower(rnd, s):
    """A stereo sidechain key on Ardour's Equal Power Stereo panner (issue
    71): the key track's panner (its position and a width drawn) and, by
    0.7, its send's own (the send's shell panned by the route's pannable);
    else the send stays on the Stereo Balance, which stemprint names a loss.
    Set in the saved file by run.py's eqpower_edit."""
    for c in s.get("sidechains", []):
        src = next((t for t in s["tracks"] if t["name"] == c["from"]), None)
        if src is None or FILES[src["name"]] != 2 or c["outs"] != 2:
            continue
        src["pan"] = round(rnd.uniform(-1, 1), 2)
        src["width"] = round(rnd.uniform(-1, 1), 2)
        src["panner"] = "2in2out"
        c["send_panner"] = "2in2out" if rnd.random() < 0.7 else "balance"


def f_midiprog(rnd, s):
    """The midichan track's channels made to sound apart (issue 71): on
    Fluid Synth (it plays each channel by its own program), channels 2 and 3
    each a General MIDI program of their own (a program change at the
    start), so a filter that drops them or a force that moves them changes
    what sounds; by 0.3 the force goes to channel 10 (GM drums)."""
    for t in s["midi"]:
        if t["kind"] != "fluid" or not t.get("chanmode"):
            continue
        # first in the part: before any note at its tick 0
        t["events"][0:0] = [[0, "c%x%02x" % (ch, rnd.choice([8, 11, 19, 40, 56, 68, 73, 81, 105]))] for ch in (1, 2)]
        if t["chanmode"][0] == "ForceChannel" and rnd.random() < 0.3:
            t["chanmode"] = ["ForceChannel", 1 << 9]


def f_foldback(rnd, s):
    """A foldback bus (issue 87), fed by foldback sends of some tracks (pre-
    or post-fader): a performer's monitor mix, which Ardour's export holds
    none of (made by edit.lua, after the wiring)."""
    routes = sorted(rnd.sample([t["name"] for t in s["tracks"]], rnd.randint(1, len(s["tracks"]))))
    s["foldback"] = {"name": "FB", "routes": routes, "post": rnd.random() < 0.3}


def f_inactive(rnd, s):
    """A route made inactive (issue 87: Route active="0", set in the saved
    file by run.py's issue87_edit): a bus, or a track when there are two or
    more (one track left active, so that the mix holds something)."""
    can = [b["name"] for b in s["buses"]] + ([t["name"] for t in s["tracks"]] if len(s["tracks"]) > 1 else [])
    if can:
        s["inactive"] = [rnd.choice(sorted(can))]


def f_monitor(rnd, s):
    """A track's monitoring choice (issue 87, set in the saved file by
    run.py's issue87_edit): input (its input ports unwired: Ardour plays
    silence through it, not its regions), cue (input and disk: its regions
    play) or disk; by 0.2 the session's monitoring option set to input,
    the track then on disk (every track's inputs unwired)."""
    if len(s["tracks"]) < 2:
        return
    t = rnd.choice(s["tracks"])["name"]
    if rnd.random() < 0.2:
        s["monitor"] = {"track": t, "choice": "MonitorDisk", "session": "MonitorInput"}
    else:
        s["monitor"] = {"track": t, "choice": rnd.choice(["MonitorInput", "MonitorInput", "MonitorCue",
                                                           "MonitorDisk"]), "session": None}


def f_sendpolarity(rnd, s):
    """An aux send's polarity inverted (issue 87: Ardour 7's send polarity,
    set in the saved file by run.py's issue87_edit), each send by 0.5."""
    for t in s["tracks"]:
        for sd in t.get("sends", []):
            if rnd.random() < 0.5:
                sd["invert"] = True


def f_nofades(rnd, s):
    """The session's option use-region-fades off (issue 87, set in the saved
    file by run.py's issue87_edit): Ardour plays no region's fades."""
    s["nofades"] = True


def f_envstyle(rnd, s):
    """A region envelope's interpolation-style (issue 87, set in the saved
    file by run.py's issue87_edit on every envelope of the track's
    playlist): Linear, Discrete, Curved or Logarithmic, each track with an
    envelope by 0.7 (else Ardour's default, Exponential)."""
    for t in s["tracks"]:
        if t["region"].get("envelope") and rnd.random() < 0.7:
            t["envstyle"] = rnd.choice(["Linear", "Discrete", "Curved", "Logarithmic"])


def f_pinmap(rnd, s):
    """A plugin's pin map edited as in Ardour's pin dialog (issue 87, in the
    saved file by run.py's issue87_edit): on the first plugin of a route
    that has one, its second instance reading the first's channel (or,
    run once, its input pin unwired), or its second instance writing over
    the first's. stemprint names it a loss (its maps are not carried)."""
    routes = [r["name"] for r in s["tracks"] + s["buses"] if r["route"].get("add")]
    if routes:
        s["pinmap"] = {"route": rnd.choice(sorted(routes)), "how": rnd.choice(["in", "out"])}


PIN_CASES = ["right", "crossed", "crossout", "unwired_in", "unwired_out", "thru", "stereo_on_mono"]


def f_pins(rnd, s):
    """A plugin's pin maps as Ardour's pin dialog saves them (issue 87, set
    in the saved file by run.py's issue87_edit, then the session loaded and
    saved by Ardour itself, resave.lua, so the file holds the maps Ardour
    plays): a mono EQ (x42 fil4#mono or ACE EQ) on a stereo track or bus,
    run once on the right alone with the left passed through (count 1,
    custom), its two instances' inputs or outputs crossed, the second's
    input unwired (it hears silence), its output unwired (silence) or
    passed through (ThruMap); or a stereo EQ (fil4#stereo) on a mono track
    (strict I/O keeps it mono) reading the channel on its second input,
    its second output the track's. Added as the route's last plugin, its
    EQ set to be heard."""
    how = rnd.choice(PIN_CASES)
    if how == "stereo_on_mono":
        where = [t for t in s["tracks"] if FILES[t["name"]] == 1]
        uri = X + "fil4#stereo"
    else:
        where = [t for t in s["tracks"] if FILES[t["name"]] == 2] + ([] if s.get("surround") else s["buses"])
        uri = rnd.choice([X + "fil4#mono", "urn:ardour:a-eq"])
    if not where:
        return
    r = rnd.choice(where)
    if uri == "urn:ardour:a-eq":
        params = {3: round(rnd.uniform(-12, 12), 2), 2: round(10 ** rnd.uniform(2, 3.6), 1),
                  4: round(rnd.uniform(0.3, 3), 2), 16: round(rnd.uniform(-6, 3), 2)}
    else:
        params = drawn_params(rnd, uri, 0.5)
    r["route"].setdefault("add", []).append({"uri": uri, "params": params})
    s["pins"] = {"route": r["name"], "how": how, "uri": uri}


def f_chancount(rnd, s):
    """A plugin that changes or splits a route's channels (issue 87): Calf
    Mono Input (one input, two outputs) on a bus made of one input (in the
    saved file, as wiring's monobus: the routes into it wired both outputs
    into that input), or a mono x42 EQ (fil4#mono, Ardour runs it twice)
    on a stereo bus; the session then loaded and saved by Ardour
    (resave.lua), so its plugins are configured for the bus as it is. Not
    in a surround session."""
    if s.get("surround") or not s["buses"]:
        return
    b = rnd.choice(s["buses"])
    how = rnd.choice(["monoin", "monoeq"])
    uri = CALF + "MonoInput" if how == "monoin" else X + "fil4#mono"
    b["route"].setdefault("add", []).append(
        {"uri": uri, "params": {} if how == "monoin" else drawn_params(rnd, uri, 0.5)})
    s["chancount"] = {"bus": b["name"], "how": how}


def f_diskio(rnd, s):
    """A track's disk I/O point (issue 87, in the saved file by run.py's
    issue87_edit, the track's input unwired): post-fader (its playlist
    played just before its main outs: its trim, plugins, fader and sends
    not heard), or custom, its disk reader moved after its first plugin (or
    its fader)."""
    if s["tracks"]:
        s["diskio"] = {"track": rnd.choice(s["tracks"])["name"], "point": rnd.choice(["post", "custom"])}


def f_wiring(rnd, s):
    """Routes' outputs wired port by port (issue 87, in the saved file by
    run.py's issue87_edit through bench/ardour/wire_edit.py), as a user
    wires them in Ardour's routing grid: some tracks' (or buses') outputs
    crossed, the left or the right alone, both into the left or the right
    input of their destination; by 0.5 a bus made of one input (mono), the
    routes into it wired both outputs into that input. Not in a surround
    session (its wiring is surround_edit.py's)."""
    if s.get("surround"):
        return
    routes = {}
    for r in s["tracks"] + s["buses"]:
        if rnd.random() < 0.4:
            routes[r["name"]] = rnd.choice(["crossed", "left", "right", "bothleft", "bothright"])
    mono = rnd.choice(sorted(b["name"] for b in s["buses"])) if s["buses"] and rnd.random() < 0.5 else None
    if routes or mono:
        s["wiring"] = {"routes": routes, "monobus": mono}


def sidechain_files(s, d):
    """d/sidechains.lua for sidechain.lua: the sidechains of s (f_sidechain)."""
    if s.get("sidechains"):
        cs = [dict(c, params={int(k): v for k, v in c["params"].items()}) for c in s["sidechains"]]
        open(os.path.join(d, "sidechains.lua"), "w").write("return " + lua(cs) + "\n")


def spec(seed, only=None):
    """The session of seed; only: the features that may be drawn (a subset
    of features.txt; each still from its own stream, so a feature drawn
    draws as it does in the whole list)."""
    s = {"seed": seed, "end": int(END_S * SR), "tracks": [], "buses": [], "vcas": [],
         "tempo": None, "midi": [], "features": []}
    for name, chance, first in features():
        rnd = random.Random("%d:%s" % (seed, name))
        if seed >= first and rnd.random() < chance and (only is None or name in only):
            f = globals().get("f_" + name)
            if f is None:
                sys.exit("gen.py: feature %s has no f_%s" % (name, name))
            if name not in ("tracks", "reasonable", "fluid", "avldrums", "empty_track", "synths") and not s["tracks"]:
                continue
            f(rnd, s)
            s["features"].append(name)
    return s


def lua(v, ind=""):
    if isinstance(v, dict):
        items = []
        for k, x in v.items():
            key = "[%s]" % k if isinstance(k, int) or str(k).isdigit() else "[%s]" % lua(str(k))
            items.append("%s  %s = %s" % (ind, key, lua(x, ind + "  ")))
        return "{\n" + ",\n".join(items) + "\n" + ind + "}"
    if isinstance(v, list):
        return "{" + ", ".join(lua(x, ind + "  ") for x in v) + "}"
    if v is None:
        return "false"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return '"%s"' % str(v).replace("\\", "\\\\").replace('"', '\\"')


def uses_plugins(s):
    return any(r["route"].get("add") for r in s["tracks"] + s["buses"]) or bool(s.get("midi")) or bool(
        s.get("sidechains"))


def files(s, d):
    """Writes d/recipe.yaml (tracks, buses, sends: the routing the shared
    builder makes) and d/edits.lua (everything else, for edit.lua)."""
    os.makedirs(d, exist_ok=True)
    root = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
    y = ["stemprint: 1"] + (["sample_rate: %d" % s["rate"]] if s.get("rate") else []) + ["tracks:"]
    for t in s["tracks"]:
        f = t.get("file") or os.path.join(root, "fixtures", "audio", t["name"] + ".wav")
        line = "  %s: {file: %s, gain: %s dB, pan: %s" % (t["name"], f, t["gain"], t["pan"])
        if t["to"] != "master":
            line += ", to: %s" % t["to"]
        sends = [sd for sd in t.get("sends", [])]
        if sends:
            line += ", sends: [%s]" % ", ".join("{to: %s, level: %s dB, tap: %s}" % (sd["to"], sd["level"], sd["tap"])
                                                for sd in sends)
        y.append(line + "}")
    if s["buses"]:
        y.append("buses:")
        for b in s["buses"]:
            y.append("  %s: {gain: %s dB}" % (b["name"], b["gain"]))
    open(os.path.join(d, "recipe.yaml"), "w").write("\n".join(y) + "\n")

    e = {}
    if s["tempo"]:
        tl = []
        for t in s["tempo"]:
            x = {1: t[0], 2: t[1]}
            if len(t) > 2:
                x["ramp"] = True
            tl.append(x)
        e["tempo"] = tl
    regions, copies, routes = {}, {}, {}
    for t in s["tracks"]:
        if t["region"]:
            regions[t["name"]] = t["region"]
        if t["copies"]:
            copies[t["name"]] = t["copies"]
    for r in s["tracks"] + s["buses"]:
        ro = dict(r["route"])
        if "add" in ro:
            # in the route's order (edit.lua's nth_plugin): those before the fader, then those after
            adds = [p for p in ro["add"] if not p.get("post")] + [p for p in ro["add"] if p.get("post")]
            ro["add"] = [dict({"uri": p["uri"], "params": {int(k): v for k, v in p["params"].items()}},
                              **{k: p[k] for k in ("type", "post") if k in p}) for p in adds]
            plugs = [{int(k): v for k, v in p.get("auto", {}).items()} for p in adds]
            if any(plugs):
                ro["plugins"] = plugs
        sends = [sd.get("auto") for sd in r.get("sends", [])]
        if any(sends):
            # edit.lua automates sends in order; a send without automation keeps its level
            ro["sends"] = [a if a else None for a in sends]
        if ro:
            routes[r["name"]] = ro
    for t in s.get("midi", []):
        if t.get("auto"):  # the instrument's, the track's first plugin
            routes[t["name"]] = {"plugins": [{int(k): v for k, v in t["auto"].items()}]}
    if regions:
        e["regions"] = regions
    if copies:
        e["copies"] = copies
    if routes:
        e["routes"] = routes
    if s["vcas"]:
        e["vcas"] = s["vcas"]
    if s.get("foldback"):
        fb = dict(s["foldback"])
        fb["routes"] = [n for n in fb["routes"] if n in [t["name"] for t in s["tracks"]]]
        if fb["routes"]:
            e["foldback"] = fb
    open(os.path.join(d, "edits.lua"), "w").write("return " + lua(e) + "\n")
    m = []
    for t in s.get("midi", []):
        x = {"name": t["name"], "uri": t.get("uri") or INSTRUMENTS[t["kind"]]["uri"], "gain": t["gain"], "pan": t["pan"],
             "regions": t["regions"]}
        for k in ("preset", "params", "type"):
            if k in INSTRUMENTS[t["kind"]]:
                x[k] = INSTRUMENTS[t["kind"]][k]
        if "uri" in t:  # drawn (synths): the instrument and its parameters
            x["uri"], x["params"] = t["uri"], {int(k): v for k, v in t["params"].items()}
        if "lsp" in t:  # its sample, from the preset run.py writes (lsp_preset)
            x["preset"] = "sp-" + t["name"]
        m.append(x)
    open(os.path.join(d, "midi.lua"), "w").write("return " + lua(m) + "\n")
    if s.get("surround"):
        open(os.path.join(d, "surround.spec"), "w").write("".join(surround_lines(s)))
    sidechain_files(s, d)


def surround_lines(s):
    """bench/ardour/surround_edit.py's lines for s (its routes as they are
    now: a bus the shrinker dropped sends its tracks to master)."""
    out = ["bus %s\n" % b["name"] for b in s["buses"]]
    for t in s["tracks"] + s.get("midi", []):
        w = t.get("surround") or ["vbap", 0.5]
        dest = "" if t.get("to", "master") == "master" else " to=" + t["to"]
        out.append("%s %s %s%s\n" % (w[0], t["name"], " ".join(str(v) for v in (w[1] if w[0] == "port" else w[1:])),
                                      dest))
    if s["surround"].get("speakers"):
        out.append("speakers %s\n" % " ".join(str(a) for a in s["surround"]["speakers"]))
    return out


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "spec":
        json.dump(spec(int(sys.argv[2])), sys.stdout, indent=1)
        sys.stdout.write("\n")
    elif len(sys.argv) == 4 and sys.argv[1] == "files":
        files(json.load(open(sys.argv[2])), sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
