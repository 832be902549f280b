#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which installed LV2 instruments play the same bytes run after run, at
another thread count, at another block size: measured, instrument by
instrument.

usage: lv2instruments.py [--work DIR] [--stemprint BIN] [--blocks 1000,4097]
                         [--only REGEX] [--timeout S] [--table]

It writes a Standard MIDI File of its own (WORK/part.mid, 24000 ticks a
quarter at 120 bpm: a tick is a frame at 48 kHz) with two parts on channel 1:

  A  notes from C2 to C6 (drum keys 36 38 42 46 among them) at velocities
     30 to 127, some starting a frame before or after a multiple of 1024,
     4096 or 1000 frames; the modulation wheel (controller 1) moved up and
     down in 40 steps, volume (7) and expression (11) moves, the sustain
     pedal (64) down over a chord, a pitch bend up two semitones' worth of
     range and back in 64 steps;
  B  a bass line under it, with its own pitch bend and modulation.

For every plugin `stemprint help lv2` lists as an instrument it writes a
recipe: part A and part B on two tracks, each into its own instance of the
instrument (so that -j 2 runs two instances at once, as a session does),
stems [a] and [b], tail 1 s, 32-bit float without dither, so a difference
of any size shows. An instrument that needs a file no port sets gets it as
LV2 state (STATE below: a SoundFont for ACE Fluid Synth and Calf
Fluidsynth), and is rendered once without it too, to say so. Each recipe is
rendered, into fresh folders, with --no-cache, one render at a time:

  ref      -j 1, the default block (4096 frames with plugins)
  again    the same again: run-to-run determinism
  j2       -j 2, the default block
  B        -j 1, --block-frames B, for each B of --blocks (default 1000
           and 4097)
  cycle    -j 1, `plugin_cycle: 1000`: the instrument run in runs of 1000
           frames instead of its default 1024 (what a recipe that sets
           its own cycle gets; not a stemprint setting that changes alone)
  bare     for an instrument in STATE: -j 1 without its state (silent?)

and the mix and both stems are compared with ref's, byte for byte and as the
peak of the difference in dBFS (the worst of the three files). It also
reports the ref print's peak (silent: below -120 dBFS) and its null test.
Plugins `help lv2` lists among the effects although their class is
Instrument Plugin (they have audio inputs too: synthv1, drumkv1, samplv1,
LSP's samplers) are checked as instruments and reported with stemprint's
answer. Results go to WORK/results.jsonl as each instrument ends, the table
to stdout (--table prints it from the results without rendering). WORK
defaults to /tmp/stemprint-lv2instruments; STEMPRINT or --stemprint names
the binary (default build/stemprint). Needs Debian's /usr/bin/python3 with
numpy and soundfile, and lv2info (lilv-utils) and dpkg for each plugin's
package. bench/README.md has the last run's figures, docs/lv2.md
(Instruments: run to run) what they mean.
"""
import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time

import numpy as np
import soundfile as sf

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SF2 = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
SILENT_DBFS = -120.0
CYCLE = 1000

# Instruments that need a file no port carries, as LV2 state: (regex on the
# URI, the state's key, the value as Turtle, what it is). Without it they
# are silent (measured: rendered "bare").
STATE = [
    (r"urn:ardour:a-fluidsynth$", "urn:ardour:a-fluidsynth:sf2file", "<%s>" % SF2,
     "a SoundFont (FluidR3_GM)"),
    (r"http://calf\.sourceforge\.net/plugins/Fluidsynth$", "urn:calf:soundfont", '"%s"' % SF2,
     "a SoundFont (FluidR3_GM)"),
]


def sh(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


# ---- the MIDI part ----------------------------------------------------------

def vlq(n):
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    return bytes(reversed(out))


def track_chunk(name, events):
    """events: (frame, bytes); sorted by frame, note-offs before note-ons."""
    events = sorted(events, key=lambda e: (e[0], e[1][0] & 0xF0 != 0x80))
    body = b"\x00\xff\x03" + vlq(len(name)) + name.encode()
    t = 0
    for frame, data in events:
        body += vlq(frame - t) + bytes(data)
        t = frame
    body += b"\x00\xff\x2f\x00"
    return b"MTrk" + struct.pack(">I", len(body)) + body


def note(ev, frame, key, vel, frames):
    ev.append((frame, [0x90, key, vel]))
    ev.append((frame + frames, [0x80, key, 64]))


def ramp_cc(ev, cc, f0, f1, v0, v1, steps):
    for k in range(steps + 1):
        ev.append((f0 + (f1 - f0) * k // steps, [0xB0, cc, round(v0 + (v1 - v0) * k / steps)]))


def ramp_bend(ev, f0, f1, b0, b1, steps):
    for k in range(steps + 1):
        b = round(b0 + (b1 - b0) * k / steps)
        ev.append((f0 + (f1 - f0) * k // steps, [0xE0, b & 0x7F, b >> 7]))


def midi_file():
    """A format-1 SMF: a tempo track and parts A and B (a tick is a frame at
    48 kHz: 24000 ticks a quarter, 500000 us a quarter)."""
    a = []
    # drum keys and notes a frame off the edges of 1024-, 4096- and 1000-frame runs
    for frame, key, vel in [(1023, 36, 127), (4095, 38, 90), (4097, 42, 60), (8191, 36, 110),
                            (9999, 46, 45), (12289, 38, 127), (16383, 42, 80), (20001, 36, 30)]:
        note(a, frame, key, vel, 3000)
    note(a, 24575, 60, 100, 20000)
    note(a, 24577, 64, 64, 19000)
    note(a, 30000, 67, 127, 18000)
    ramp_cc(a, 1, 26000, 60000, 0, 127, 20)       # modulation up ...
    ramp_cc(a, 1, 62000, 90000, 127, 0, 20)       # ... and down
    ramp_cc(a, 7, 40000, 52000, 100, 70, 8)       # volume
    ramp_cc(a, 11, 52001, 64000, 127, 90, 8)      # expression
    a.append((50000, [0xB0, 64, 127]))            # sustain pedal down over a chord
    for k, (key, vel) in enumerate([(48, 40), (55, 80), (62, 110), (72, 96)]):
        note(a, 61440 + 7 * k, key, vel, 6000)
    a.append((90112, [0xB0, 64, 0]))              # and up
    ramp_bend(a, 70000, 86000, 8192, 12288, 32)   # pitch bend up ...
    ramp_bend(a, 86001, 98000, 12288, 8192, 32)   # ... and back
    note(a, 92159, 84, 100, 14000)
    note(a, 106495, 79, 72, 12000)
    b = []
    for k, key in enumerate([36, 36, 43, 41, 36, 48, 43, 38]):
        note(b, 2048 + 14000 * k + (k % 3), key, 70 + 7 * k, 11000)
    ramp_bend(b, 60000, 76000, 8192, 4096, 16)
    ramp_bend(b, 76001, 90000, 4096, 8192, 16)
    ramp_cc(b, 1, 30000, 100000, 20, 110, 24)
    tempo = [(0, [0xFF, 0x51, 3, 0x07, 0xA1, 0x20])]
    return (b"MThd" + struct.pack(">IHHH", 6, 1, 3, 24000)
            + track_chunk("tempo", tempo) + track_chunk("A", a) + track_chunk("B", b))


# ---- the instruments --------------------------------------------------------

def plugins(stemprint):
    """(uri, name, listed) for every instrument `help lv2` lists, listed
    'instrument', and every plugin of class Instrument Plugin it lists among
    the effects (not refused), listed 'effect'."""
    out = sh([stemprint, "help", "lv2"], check=True).stdout.splitlines()
    res = []
    section = "effect"
    for i, line in enumerate(out):
        if line.startswith("LV2 instruments"):
            section = "instrument"
        if not line or line[0].isspace() or not re.match(r"^[a-z]+:", line) or i + 1 >= len(out):
            continue
        desc = out[i + 1].strip()
        name = desc.split(" — ")[0]
        if section == "instrument":
            res.append((line, name, "instrument"))
        elif "— Instrument Plugin;" in desc and "; refused: " not in desc:
            res.append((line, name, "effect"))
    return res


def package(uri):
    """The Debian package that holds uri's bundle (lv2info names it), or '?'."""
    r = sh(["lv2info", uri])
    m = re.search(r"Bundle:\s+file://(\S+)", r.stdout)
    if not m:
        return "?"
    r = sh(["dpkg", "-S", m.group(1).rstrip("/")])
    return r.stdout.split(":")[0].split(",")[0] if r.returncode == 0 else "?"


def state_of(uri):
    for rx, key, value, what in STATE:
        if re.match(rx, uri):
            return key, value, what
    return None


def write_recipes(d, uri):
    """d/r.yaml (and d/cycle.yaml, d/bare.yaml, d/state.ttl as needed)."""
    st = state_of(uri)
    if st:
        with open(os.path.join(d, "state.ttl"), "w") as f:
            f.write("@prefix lv2: <http://lv2plug.in/ns/lv2core#> .\n"
                    "@prefix state: <http://lv2plug.in/ns/ext/state#> .\n"
                    "<> lv2:appliesTo <%s> ;\n\tstate:state [ <%s> %s ] .\n" % (uri, st[0], st[1]))

    def text(with_state, cycle):
        inst = "{lv2: {plugin: %s%s}}" % (json.dumps(uri), ", state: state.ttl" if with_state else "")
        lines = ["stemprint: 1", "sample_rate: 48000", "tail: 1 s"]
        if cycle:
            lines.append("plugin_cycle: %d" % cycle)
        lines += ["tracks:",
                  "  a: {midi: ../part.mid, track: A, instrument: %s}" % inst,
                  "  b: {midi: ../part.mid, track: B, instrument: %s, gain: -3 dB, pan: -0.3}" % inst,
                  "stems: {a: [a], b: [b]}",
                  "output: {depth: 32f, dither: none}"]
        return "\n".join(lines) + "\n"

    for name, with_state, cycle in [("r", bool(st), 0), ("cycle", bool(st), CYCLE), ("bare", False, 0)]:
        if name == "bare" and not st:
            continue
        with open(os.path.join(d, name + ".yaml"), "w") as f:
            f.write(text(with_state, cycle))


def render(stemprint, path, out, jobs, block, timeout):
    """(None, stdout) or (why it failed, stdout)."""
    shutil.rmtree(out, ignore_errors=True)
    args = [stemprint, "render", path, "--no-cache", "-j", str(jobs), "-o", out]
    if block:
        args += ["--block-frames", str(block)]
    try:
        r = sh(args, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timed out after %g s" % timeout, ""
    if r.returncode:
        err = [ln for ln in r.stderr.splitlines() if "error" in ln] or r.stderr.splitlines() or [""]
        return "exit %d: %s" % (r.returncode, err[0][:300]), r.stdout
    return None, r.stdout


FILES = ["mix.wav", "a.wav", "b.wav"]


def residual(a_dir, b_dir):
    """'same' when every file is equal byte for byte, else the largest peak
    of a file's difference in dBFS (a string)."""
    worst = None
    for name in FILES:
        pa, pb = os.path.join(a_dir, name), os.path.join(b_dir, name)
        with open(pa, "rb") as f, open(pb, "rb") as g:
            if f.read() == g.read():
                continue
        a, _ = sf.read(pa, dtype="float64", always_2d=True)
        b, _ = sf.read(pb, dtype="float64", always_2d=True)
        if a.shape != b.shape:
            return "length %d vs %d" % (len(a), len(b))
        if np.isnan(a).any() or np.isnan(b).any():
            return "nan"
        d = float(np.max(np.abs(a - b)))
        if d > 0 and (worst is None or d > worst):
            worst = d
    return "same" if worst is None else "%.1f" % (20 * np.log10(worst))


def peak_dbfs(path):
    a, _ = sf.read(path, dtype="float64", always_2d=True)
    p = float(np.max(np.abs(a))) if a.size else 0.0
    return round(20 * np.log10(p), 1) if p > 0 else None


def null_line(stdout):
    m = re.search(r"null test: (\w+) — .*?residual peak (\S+) dBFS", stdout)
    return "%s, residual %s dBFS" % (m.group(1), m.group(2)) if m else "?"


def survey_one(stemprint, work, k, uri, blocks, timeout):
    d = os.path.join(work, "i%02d" % k)
    os.makedirs(d, exist_ok=True)
    write_recipes(d, uri)
    st = state_of(uri)
    res = {"uri": uri, "state": st[2] if st else None}
    path = os.path.join(d, "r.yaml")
    runs = [("ref", path, 1, 0), ("again", path, 1, 0), ("j2", path, 2, 0)]
    runs += [(str(b), path, 1, b) for b in blocks]
    runs += [("cycle", os.path.join(d, "cycle.yaml"), 1, 0)]
    if st:
        runs.append(("bare", os.path.join(d, "bare.yaml"), 1, 0))
    ref = os.path.join(d, "ref")
    t0 = time.monotonic()
    for name, p, jobs, block in runs:
        out = os.path.join(d, name)
        why, stdout = render(stemprint, p, out, jobs, block, timeout)
        if why:
            if name == "ref":
                res["skipped"] = why
                break
            res[name] = "failed: " + why
        elif name == "ref":
            res["peak"] = peak_dbfs(os.path.join(out, "mix.wav"))
            res["null"] = null_line(stdout)
        elif name == "bare":
            res["bare"] = peak_dbfs(os.path.join(out, "mix.wav"))
        else:
            res[name] = residual(ref, out)
        if name != "ref":
            shutil.rmtree(out, ignore_errors=True)
    res["wall_s"] = round(time.monotonic() - t0, 1)
    return res


def check_one(stemprint, work, k, uri):
    """A plugin listed among the effects, checked as an instrument: what
    stemprint says."""
    d = os.path.join(work, "i%02d" % k)
    os.makedirs(d, exist_ok=True)
    write_recipes(d, uri)
    r = sh([stemprint, "check", os.path.join(d, "r.yaml")])
    err = [ln for ln in (r.stderr + r.stdout).splitlines() if "error" in ln]
    msg = err[0] if err else "check passed"
    msg = re.sub(r"^.*?r\.yaml:\d+:\d+: ", "", msg)
    return {"uri": uri, "skipped": "listed as an effect (it has audio inputs); as an instrument: "
            + msg}


# ---- the table --------------------------------------------------------------

def cell(v):
    if v in (None, ""):
        return "?"
    if v == "same":
        return "same"
    return v if not re.match(r"^-?\d+(\.\d+)?$", v) else "%s dBFS" % v


def sound(r):
    if r.get("peak") is None or r["peak"] < SILENT_DBFS:
        return "silent" + (" (peak %.1f dBFS)" % r["peak"] if r.get("peak") is not None else "")
    return "%.1f dBFS" % r["peak"]


def bare(r):
    if not r.get("state"):
        return "—"
    p = r.get("bare")
    if isinstance(p, str):
        return p
    if p is None or p < SILENT_DBFS:
        return "silent" + (" (%.1f dBFS)" % p if p is not None else "") + ": needs " + r["state"]
    return "%.1f dBFS" % p


def table(results, blocks, out=sys.stdout):
    w = out.write
    done = [r for r in results if not r.get("skipped")]
    skipped = [r for r in results if r.get("skipped")]
    w("| instrument | package | sound (mix peak) | run to run | -j 2 | "
      + " | ".join("block %s" % b for b in blocks) + " | cycle %d | null test | without its state |\n"
      % CYCLE)
    w("|---|---|---:|---:|---:|" + "---:|" * len(blocks) + "---:|---|---|\n")
    for r in done:
        w("| %s (%s) | %s | %s | %s | %s | %s | %s | %s | %s |\n" % (
            r.get("name", ""), r["uri"], r.get("package", "?"), sound(r), cell(r.get("again")),
            cell(r.get("j2")), " | ".join(cell(r.get(str(b))) for b in blocks),
            cell(r.get("cycle")), r.get("null", "?"), bare(r)))
    w("\nEach column: the largest peak of the mix's or a stem's difference from the reference "
      "print (-j 1, the default block, plugin_cycle unset: 1024-frame runs), 'same' when the "
      "bytes of all three files are. Cycle %d: the recipe with `plugin_cycle: %d`.\n" % (CYCLE, CYCLE))
    if skipped:
        w("\nNot measured:\n\n")
        for r in skipped:
            w("- %s (%s, %s): %s\n" % (r.get("name", ""), r["uri"], r.get("package", "?"),
                                     r["skipped"]))
    odd = [r for r in done if any(r.get(k) != "same" for k in ["again", "j2"] + [str(b) for b in blocks])]
    w("\n%d instruments measured, %d not; run to run, -j or block size differs: %s.\n"
      % (len(done), len(skipped), ", ".join(r.get("name", r["uri"]) for r in odd) or "none"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", default="/tmp/stemprint-lv2instruments")
    ap.add_argument("--stemprint", default=os.environ.get(
        "STEMPRINT", os.path.join(ROOT, "build", "stemprint")))
    ap.add_argument("--blocks", default="1000,4097")
    ap.add_argument("--only", default="", help="a regex: survey the URIs it finds alone")
    ap.add_argument("--timeout", type=float, default=300, help="seconds a render may take")
    ap.add_argument("--table", action="store_true", help="print the table of the results only")
    a = ap.parse_args()
    blocks = [int(b) for b in a.blocks.split(",") if b]
    os.makedirs(a.work, exist_ok=True)
    rpath = os.path.join(a.work, "results.jsonl")
    done = {}
    if os.path.exists(rpath):
        with open(rpath) as f:
            for line in f:
                r = json.loads(line)
                done[r["uri"]] = r
    if not a.table:
        with open(os.path.join(a.work, "part.mid"), "wb") as f:
            f.write(midi_file())
        every = [p for p in plugins(a.stemprint) if re.search(a.only, p[0])]
        print("%d instruments to survey" % len(every), file=sys.stderr)
        for k, (uri, name, listed) in enumerate(every):
            if listed == "instrument":
                r = survey_one(a.stemprint, a.work, k, uri, blocks, a.timeout)
            else:
                r = check_one(a.stemprint, a.work, k, uri)
            r["name"] = name
            r["package"] = package(uri)
            done[uri] = r
            with open(rpath, "a") as f:
                f.write(json.dumps(r) + "\n")
            print("%s: %s" % (uri, r.get("skipped") or ", ".join(
                "%s %s" % (n, r.get(n)) for n in ["peak", "again", "j2"]
                + [str(b) for b in blocks] + ["cycle", "bare", "null", "wall_s"] if n in r)),
                file=sys.stderr)
    table(sorted(done.values(), key=lambda r: (bool(r.get("skipped")), r["uri"])), blocks)


if __name__ == "__main__":
    main()
