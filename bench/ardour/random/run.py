# SPDX-License-Identifier: GPL-3.0-or-later
"""Random Ardour sessions against Ardour's own export (issue 63), run by hand.

    /usr/bin/python3 bench/ardour/random/run.py [--seeds A-B] [--work DIR]
        [--shrink N] [--stemprint PATH] [--features A,B,...] [--spec FILE]

For each seed: gen.py draws a session (features.txt), Ardour 7.3 builds it
headless (../shared/bench/ardour's build_session.lua and inject_regions.py,
then bench/ardour/edit.lua, as bench/ardour/interop.sh does), exports it
settled (export.lua: 32-bit float), stemprint renders it straight from the
session folder (`stemprint render SESSION_DIR --only mix`: 24-bit, dithered),
and the two mixes are nulled frame for frame (no lag search; a 5.1 session,
gen.py's surround, rewired by bench/ardour/surround_edit.py before its export,
on all six channels, each channel's residual printed). A seed passes
at or under -90 dBFS, -60 with a plugin, or when the import names a loss
(what `stemprint import --strict` refuses). A session with a plugin or an
instrument of the plugin features (lv2fx, synths) is exported twice: the
two exports' own difference, Ardour's run to run, is its bound where it is
above -60 (issue 63: a plugin Ardour does not render the same twice).
--features draws only those features (each as in the whole list). A failure is shrunk (--shrink N tries, default
30): a track, a bus, a region, a fade, an automation list or point, a plugin
or the tempo map dropped one at a time, each kept while the session still
fails; the smallest failing spec is written as DIR/SEED/shrunk.json.

Prints a table (seed, features, residual, target, verdict); files stay in
DIR (default /tmp/stemprint-random). Needs the Debian packages ardour,
python3-yaml, python3-numpy and ../shared/bench/ardour beside the checkout.
Master is unwired from the Dummy backend's system:playback, as in
interop.sh: wired, Ardour 7.3 plays a track's fader automation late by the
playback latency (docs/sessions.md).
"""
import argparse
import copy
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import wave

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
# ../shared beside the checkout (a worktree's checkout: beside the main one)
SHARED = os.environ.get("SHARED") or next(
    (p for p in (os.path.join(ROOT, "..", "shared", "bench", "ardour"),
                 os.path.join(ROOT, "..", "..", "shared", "bench", "ardour")) if os.path.isdir(p)),
    os.path.join(ROOT, "..", "shared", "bench", "ardour"))
sys.path.insert(0, HERE)
import gen  # noqa: E402

PRESET = """<?xml version="1.0" encoding="UTF-8"?>
<ExportPreset id="5d7e2a10-53c4-4c8e-9a11-0f57e1f7a001" name="stemprint float">
  <ExportFormat id="20b4ab09-6452-4cb3-bd66-b921cdbd2942"/>
  <ExportFilename>
    <Folder relative="1" path="export"/>
    <Field name="label" enabled="0"/>
    <Field name="session" enabled="0"/>
    <Field name="snapshot" enabled="0"/>
    <Field name="timespan" enabled="1"/>
    <Field name="revision" enabled="0"/>
    <Field name="time" enabled="0" value="T_None"/>
    <Field name="date" enabled="0" value="D_None"/>
  </ExportFilename>
</ExportPreset>
"""
GM = {"manifest.ttl": """@prefix lv2: <http://lv2plug.in/ns/lv2core#> .
@prefix pset: <http://lv2plug.in/ns/ext/presets#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<gm.ttl> a pset:Preset ; lv2:appliesTo <urn:ardour:a-fluidsynth> ; rdfs:seeAlso <gm.ttl> .
""", "gm.ttl": """@prefix lv2: <http://lv2plug.in/ns/lv2core#> .
@prefix pset: <http://lv2plug.in/ns/ext/presets#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix state: <http://lv2plug.in/ns/ext/state#> .
<> a pset:Preset ; lv2:appliesTo <urn:ardour:a-fluidsynth> ; rdfs:label "gm" ;
	state:state [ <urn:ardour:a-fluidsynth:sf2file> </usr/share/sounds/sf2/FluidR3_GM.sf2> ] .
"""}
sys.path.insert(0, os.path.join(ROOT, "bench", "ardour"))
import midi_parts  # noqa: E402
import wire_edit  # noqa: E402


def lsp_sample(path):
    """The sample gen.py's LSP Sampler plays (the same bytes every run):
    0.8 s of a decaying 220 Hz tone and its harmonics, stereo (the right
    a fifth up), 16-bit at 44.1 kHz (the plugin resamples it to the
    session's 48 kHz)."""
    sr, n = 44100, 35280
    frames = bytearray()
    for i in range(n):
        t, env = i / sr, math.exp(-i / (0.18 * sr)) * min(1.0, i / 64.0)
        left = sum(math.sin(2 * math.pi * 220 * h * t) / h for h in (1, 2, 3, 5)) * 0.35 * env
        right = sum(math.sin(2 * math.pi * 330 * h * t) / h for h in (1, 2, 4)) * 0.35 * env
        frames += struct.pack("<hh", int(round(left * 32767)), int(round(right * 32767)))
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(bytes(frames))


def lsp_preset(t, bundle):
    """An LV2 preset "sp-TRACK" of LSP's Sampler with state: its first
    sample the file lsp_sample writes, at the pitch drawn; loaded by midi.lua
    as a user loads a preset (Ardour saves the plugin's state beside the
    session, the file linked into it)."""
    os.makedirs(bundle)
    lsp_sample(os.path.join(bundle, "sample.wav"))
    uri, label = t["uri"], "sp-" + t["name"]
    pre = ("@prefix lv2: <http://lv2plug.in/ns/lv2core#> .\n@prefix pset: <http://lv2plug.in/ns/ext/presets#> .\n"
           "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n@prefix state: <http://lv2plug.in/ns/ext/state#> .\n"
           "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n")
    open(os.path.join(bundle, "manifest.ttl"), "w").write(
        pre + "<%s.ttl> a pset:Preset ; lv2:appliesTo <%s> ; rdfs:seeAlso <%s.ttl> .\n" % (label, uri, label))
    open(os.path.join(bundle, label + ".ttl"), "w").write(
        pre + '<> a pset:Preset ; lv2:appliesTo <%s> ; rdfs:label "%s" ;\n\tstate:state [\n'
        '\t\t<%s/ports#sf_0> <sample.wav> ;\n\t\t<%s/ports#pi_0> "%s"^^xsd:float\n\t] .\n'
        % (uri, label, uri, uri, float(t["lsp"]["pitch"])))


def sidechain_edit(s, S, log):
    """gen.py's sidechains (issue 71) as sidechain.lua left them, edited in
    the saved file: a send of one output loses its second port (Ardour
    then makes it no panner), and an unmapped plugin's InputMap-0 keeps its
    pins on the route's own channels only (its sidechain pins read
    nothing: 0 -> 0 and 1 -> 1 alone)."""
    names = re.findall(r"sidechain send: (.*?) \(", open(log).read())[-len(s["sidechains"]):]
    path = os.path.join(S, "sp.ardour")
    x = open(path).read()
    for c, name in zip(s["sidechains"], names):
        if c["outs"] == 1:
            x = re.sub(r'\s*<Port type="audio" name="%s/audio_send 2"(?:/>|>.*?</Port>)' % re.escape(name), "", x,
                       count=1, flags=re.S)
        if c.get("unmapped"):
            at = x.find('other="%s/audio_send 1"' % name)
            start = max(m.start() for m in re.finditer(r'<Processor [^>]*type="lv2"', x[:at]))
            cin = int(re.search(r'<ConfiguredInput>\s*<Channels type="audio" count="(\d+)"', x[start:]).group(1))
            im = re.search(r"<InputMap-0>(.*?)</InputMap-0>", x[start:], re.S)
            kept = "".join(m.group(0) for m in re.finditer(r'\s*<Channelmap type="audio" from="\d+" to="(\d+)"/>',
                                                          im.group(1)) if int(m.group(1)) < cin)
            x = x[:start + im.start(1)] + kept + x[start + im.end(1):]
        if c.get("send_panner"):  # gen.py's eqpower: the send's own panner
            x = user_panner(x, r'<Processor (?=[^>]*name="%s")(?=[^>]*type="send")[^>]*>' % re.escape(name),
                            c["send_panner"])
    open(path, "w").write(x)


def user_panner(x, start, kind):
    """x with the first PannerShell after the element start (a pattern)
    on Ardour's panner kind (2in2out, balance), as Ardour saves a panner a
    user picked."""
    m = re.search(start, x)
    if not m:
        sys.exit("run.py: no %s in the session" % start)
    ps = re.compile(r"<PannerShell\b[^>]*?(/?)>").search(x, m.end())
    tag = re.sub(r'\s*user-panner="[^"]*"', "", ps.group(0))
    tag = tag[:len(tag) - len(ps.group(1)) - 1] + ' user-panner="http://ardour.org/plugin/panner_%s"%s>' % (
        kind, ps.group(1))
    return x[:ps.start()] + tag + x[ps.end():]


def eqpower_edit(s, S, log):
    """gen.py's eqpower: each key track on the Equal Power Stereo panner
    with its width (bench/ardour/pan_edit.py, as a user picks it)."""
    args = []
    for t in s["tracks"]:
        if t.get("panner"):
            args += [t["name"], repr((t["pan"] + 1) / 2), repr(t["width"]), t["panner"]]
    if args and sh(["/usr/bin/python3", os.path.join(ROOT, "bench", "ardour", "pan_edit.py"),
                    os.path.join(S, "sp.ardour")] + args, log) != 0:
        return "pan_edit failed"
    return None


def midichan_edit(s, S):
    """A MIDI track's playback channel mode (gen.py's midichan), set in the
    saved file on its Route (MidiTrack::set_state reads it)."""
    path = os.path.join(S, "sp.ardour")
    x = open(path).read()
    for t in s.get("midi", []):
        if not t.get("chanmode"):
            continue
        mode, mask = t["chanmode"]
        m = re.search(r'<Route [^>]*name="%s"[^>]*>' % re.escape(t["name"]), x)
        tag = re.sub(r'\s*playback-channel-(mode|mask)="[^"]*"', "", m.group(0))
        tag = tag[:-1] + ' playback-channel-mode="%s" playback-channel-mask="0x%x">' % (mode, mask)
        x = x[:m.start()] + tag + x[m.end():]
    open(path, "w").write(x)


def set_map(body, name, pairs):
    """A processor's body with its map `name` (InputMap-0, ThruMap) holding
    pairs (from, to) of audio, as Ardour saves one; added before its <lv2>
    where it has none."""
    m = "".join('<Channelmap type="audio" from="%d" to="%d"/>' % p for p in pairs)
    new = "<%s>%s</%s>" % (name, m, name) if pairs else "<%s/>" % name
    pat = r"<%s\s*/>|<%s>.*?</%s>" % (name, name, name)
    if re.search(pat, body, re.S):
        return re.sub(pat, lambda _: new, body, count=1, flags=re.S)
    at = body.index("<lv2")
    return body[:at] + new + "\n        " + body[at:]


# each pins case (gen.py's f_pins): the count (None: kept), then the maps set
PIN_MAPS = {
    "right": ("1", {"InputMap-0": [(0, 1)], "OutputMap-0": [(0, 1)], "ThruMap": [(0, 0)]}),
    "crossed": (None, {"InputMap-0": [(0, 1)], "InputMap-1": [(0, 0)]}),
    "crossout": (None, {"OutputMap-0": [(0, 1)], "OutputMap-1": [(0, 0)]}),
    "unwired_in": (None, {"InputMap-1": []}),
    "unwired_out": (None, {"OutputMap-1": []}),
    "thru": (None, {"OutputMap-1": [], "ThruMap": [(1, 1)]}),
    "stereo_on_mono": (None, {"InputMap-0": [(1, 0)], "OutputMap-0": [(1, 0)]}),
}


def pins_edit(s, x):
    """gen.py's pins: the maps of the route's last plugin of the uri set
    as Ardour's pin dialog saves them (run once on the right alone: count
    1, custom, its second instance's maps gone)."""
    pn = s.get("pins")
    m = re.search(r'<Route [^>]*name="%s"' % re.escape(pn["route"]), x) if pn else None
    if not m:
        return x
    end = x.index("</Route>", m.start())
    ps = list(re.finditer(r'<Processor [^>]*unique-id="%s"[^>]*>' % re.escape(pn["uri"]), x[m.start():end]))
    if not ps:
        return x
    at = m.start() + ps[-1].start()
    pend = x.index("</Processor>", at)
    body = x[at:pend]
    count, maps = PIN_MAPS[pn["how"]]
    if count:
        tag = re.match(r"<Processor [^>]*>", body).group(0)
        t = re.sub(r' count="\d+"', ' count="%s"' % count, tag)
        t = re.sub(r' custom="\d"', ' custom="1"', t) if ' custom="' in t else t[:-1] + ' custom="1">'
        body = t + body[len(tag):]
        body = re.sub(r"\s*<(InputMap|OutputMap)-1\s*/>|\s*<(InputMap|OutputMap)-1>.*?</(InputMap|OutputMap)-1>",
                      "", body, flags=re.S)
    for name, pairs in maps.items():
        body = set_map(body, name, pairs)
    return x[:at] + body + x[pend:]


def chancount_edit(s, x):
    """gen.py's chancount monoin: its bus made of one input, the routes into
    it wired both outputs into that input (as wiring's monobus)."""
    c = s.get("chancount")
    if not c or c["how"] != "monoin":
        return x
    names = wire_edit.routes(x)
    if c["bus"] not in names:
        return x
    x = wire_edit.inputs(x, c["bus"], 1)
    for r in s["tracks"] + s["buses"]:
        if r.get("to", "master") == c["bus"] and r["name"] in names:
            x = wire_edit.wire(x, r["name"], [[c["bus"] + "/1"], [c["bus"] + "/1"]])
    return x


def issue87_edit(s, S):
    """gen.py's issue 87 features set in the saved file, as a user sets them
    in Ardour's mixer (Ardour's Lua in 7.3 sets none of them on a saved
    session's routes before it is saved): inactive routes, a track's
    monitoring (its input ports unwired: the Dummy backend's capture
    ports play silence, a sound card's would not), aux sends' polarity,
    the session's use-region-fades, region envelopes' interpolation, a
    plugin's pin maps, a track's disk I/O point, port-level wiring."""
    path = os.path.join(S, "sp.ardour")
    x = open(path).read()
    mon = s.get("monitor")
    if mon:
        bits = {"MonitorInput": (1, "MonitorInput"), "MonitorDisk": (2, "MonitorDisk"),
                "MonitorCue": (3, "MonitorInput,MonitorDisk,MonitorCue")}[mon["choice"]]
        m = re.search(r'<Route [^>]*name="%s"' % re.escape(mon["track"]), x)
        if m:
            end = x.index("</Route>", m.start())
            r = re.sub(r'(<Controllable name="monitor"[^>]*) value="[^"]*" monitoring="[^"]*"',
                       r'\1 value="%d" monitoring="%s"' % bits, x[m.start():end], count=1)
            x = x[:m.start()] + r + x[end:]
        if mon.get("session"):
            x = x.replace('<Option name="session-monitoring" value=""/>',
                          '<Option name="session-monitoring" value="%s"/>' % mon["session"])
        # the inputs unwired: every track's under the session's choice, else the track's
        tracks = re.findall(r'<Route [^>]*name="([^"]*)"[^>]*(?:audio|midi)-playlist=', x)
        for name in tracks:
            if mon.get("session") or name == mon["track"]:
                rm = re.search(r'<Route [^>]*name="%s"' % re.escape(name), x)
                io = re.compile(r'<IO [^>]*direction="Input".*?</IO>', re.S).search(x, rm.start())
                if io and io.start() < x.index("</Route>", rm.start()):
                    x = x[:io.start()] + re.sub(r'\s*<Connection other="[^"]*"/>', "", io.group(0)) + x[io.end():]
    for t in s["tracks"]:  # sends inverted: each track's send to a bus (one a bus)
        for sd in t.get("sends", []):
            if not sd.get("invert"):
                continue
            m = re.search(r'<Route [^>]*name="%s"' % re.escape(t["name"]), x)
            end = x.index("</Route>", m.start())
            p = re.search(r'<Processor [^>]*name="%s"[^>]*type="intsend"' % re.escape(sd["to"]), x[m.start():end])
            if p:
                at = m.start() + p.start()
                q = re.compile(r'(<Controllable name="polarity-invert"[^>]*) value="0"').search(x, at)
                x = x[:q.start()] + q.group(1) + ' value="1"' + x[q.end():]
    for t in s["tracks"]:  # envelopes' interpolation: every one of the track's playlist
        if not t.get("envstyle"):
            continue
        m = re.search(r'<Route [^>]*name="%s"[^>]*audio-playlist="([^"]*)"' % re.escape(t["name"]), x)
        p = re.search(r'<Playlist id="%s"' % m.group(1), x) if m else None
        if p:
            end = x.index("</Playlist>", p.start())
            body = re.sub(r'(automation-id="envelope"[^>]*interpolation-style=")[^"]*"', r'\g<1>%s"' % t["envstyle"],
                          x[p.start():end])
            x = x[:p.start()] + body + x[end:]
    w = s.get("wiring")
    if w:  # port-level wiring (bench/ardour/wire_edit.py)
        dest = {r["name"]: ("Master" if r.get("to", "master") == "master" else r["to"]) for r in s["tracks"]}
        dest.update({b["name"]: "Master" for b in s["buses"]})
        names = wire_edit.routes(x)
        if w.get("monobus") in names:
            x = wire_edit.inputs(x, w["monobus"], 1)
            for r, d in dest.items():
                if d == w["monobus"] and r in names:
                    x = wire_edit.wire(x, r, [[d + "/1"], [d + "/1"]])
        ports = {"crossed": ([2], [1]), "left": ([1], []), "right": ([], [2]), "bothleft": ([1], [1]),
                 "bothright": ([2], [2])}
        for r, how in sorted(w["routes"].items()):
            if r in names and dest.get(r) != w.get("monobus"):
                x = wire_edit.wire(x, r, [["%s/%d" % (dest[r], p) for p in o] for o in ports[how]])
    dio = s.get("diskio")
    m = re.search(r'<Route [^>]*name="%s"[^>]*>' % re.escape(dio["track"]), x) if dio else None
    if m:
        point = "DiskIOPostFader" if dio["point"] == "post" else "DiskIOCustom"
        tag = re.sub(r'disk-io-point="[^"]*"', 'disk-io-point="%s"' % point, m.group(0))
        x = x[:m.start()] + tag + x[m.end():]
        end = x.index("</Route>", m.start())
        r = x[m.start():end]
        io = re.search(r'<IO [^>]*direction="Input".*?</IO>', r, re.S)
        if io:  # its input unwired: what its processors above the reader hear is silence
            r = r[:io.start()] + re.sub(r'\s*<Connection other="[^"]*"/>', "", io.group(0)) + r[io.end():]
        if dio["point"] == "custom":  # the reader after its first plugin, else its fader
            rd = re.search(r'\s*<Processor [^>]*type="diskreader"/>', r)
            r = r[:rd.start()] + r[rd.end():]
            pl = re.search(r'<Processor [^>]*type="(?:lv2|ladspa)"', r) or re.search(r'<Processor [^>]*type="amp"', r)
            pe = r.index("</Processor>", pl.start()) + len("</Processor>")
            r = r[:pe] + rd.group(0) + r[pe:]
        x = x[:m.start()] + r + x[end:]
    pm = s.get("pinmap")
    m = re.search(r'<Route [^>]*name="%s"' % re.escape(pm["route"]), x) if pm else None
    if m:  # the route's first plugin's maps
        end = x.index("</Route>", m.start())
        p = re.search(r'<Processor [^>]*type="(?:lv2|ladspa)"', x[m.start():end])
        if p:
            at = m.start() + p.start()
            pend = x.index("</Processor>", at)
            body = x[at:pend]
            if pm["how"] == "in" and "<InputMap-1>" in body:
                body = re.sub(r'(<InputMap-1>\s*<Channelmap type="audio" from="0") to="\d+"', r'\1 to="0"', body)
            elif pm["how"] == "in":
                body = re.sub(r'<InputMap-0>.*?</InputMap-0>', '<InputMap-0/>', body, flags=re.S)
            elif "<OutputMap-1>" in body:
                body = re.sub(r'(<OutputMap-1>\s*<Channelmap type="audio" from="0") to="\d+"', r'\1 to="0"', body)
            else:
                body = re.sub(r'<OutputMap-0>.*?</OutputMap-0>', '<OutputMap-0/>', body, flags=re.S)
            x = x[:at] + body + x[pend:]
    x = pins_edit(s, x)
    x = chancount_edit(s, x)
    if s.get("nofades"):
        x = x.replace('<Option name="use-region-fades" value="1"/>', '<Option name="use-region-fades" value="0"/>')
    for name in s.get("inactive", []):
        m = re.search(r'<Route [^>]*name="%s"[^>]*>' % re.escape(name), x)
        if m:
            tag = re.sub(r' active="1"', ' active="0"', m.group(0), count=1)
            x = x[:m.start()] + tag + x[m.end():]
    open(path, "w").write(x)


def fluid_state_kept(S):
    """ACE Fluid Synth's SoundFont kept in the state the session names:
    each later save (edit.lua, sidechain.lua) stores the plugin's state
    while its worker still reloads the SoundFont, and that state has no
    sf2file (the track then plays nothing in Ardour and in stemprint
    alike: seed 81, and issue 71's midiprog seeds 508-536). The newest
    state of a plugin without it takes the latest one that has it."""
    plugins = os.path.join(S, "plugins")
    for pid in os.listdir(plugins) if os.path.isdir(plugins) else []:
        d = os.path.join(plugins, pid)
        states = sorted((int(n[5:]), n) for n in os.listdir(d) if re.fullmatch(r"state\d+", n))
        ttl = [open(os.path.join(d, n, "state.ttl")).read() if os.path.exists(os.path.join(d, n, "state.ttl"))
               else "" for _, n in states]
        if not states or "a-fluidsynth:sf2file" in ttl[-1]:
            continue
        good = [n for (_, n), t in zip(states, ttl) if "a-fluidsynth:sf2file" in t]
        if good:
            new = os.path.join(d, states[-1][1])
            for f in os.listdir(os.path.join(d, good[-1])):
                src, dst = os.path.join(d, good[-1], f), os.path.join(new, f)
                if os.path.lexists(dst):
                    os.remove(dst)
                if os.path.islink(src):
                    os.symlink(os.readlink(src), dst)
                else:
                    shutil.copy(src, dst)


def inject_midi(s, S):
    """Each MIDI track's part written into the source Ardour bounced for it
    (its Empty flag dropped), and its outputs wired to master, as
    midi_parts.py does for interop_midi.sh."""
    path = os.path.join(S, "sp.ardour")
    xml = open(path).read()
    folder = os.path.join(S, "interchange", os.path.basename(S.rstrip("/")), "midifiles")
    parts = {t["name"]: t for t in s["midi"]}
    done = set()
    for m in re.finditer(r'<Source name="([^"]+)"[^>]*type="midi"[^>]*captured-for="([^"]+)"', xml):
        if m.group(2) in parts:
            ev = [(x, bytes.fromhex(h)) for x, h in parts[m.group(2)]["events"]]
            midi_parts.smf(os.path.join(folder, m.group(1)), [ev])
            done.add(m.group(2))
    xml = re.sub(r'(<Source name="[^"]+"[^>]*type="midi"[^>]*flags=")([^"]*)"',
                 lambda m: m.group(1) + ",".join(x for x in m.group(2).split(",")
                                                 if x not in ("Empty", "RemovableIfEmpty")) + '"', xml)
    for name in parts:
        xml = midi_parts.wire(xml, name, "Master")
    open(path, "w").write(xml)
    return set(parts) - done


def read_wav(path):
    """A WAV's frames as float64 (PCM 16/24/32 or float 32/64), [frames, channels]."""
    data = open(path, "rb").read()
    i, fmt, ch, bits, body = 12, None, 0, 0, None
    while i + 8 <= len(data):
        cid, size = data[i:i + 4], struct.unpack("<I", data[i + 4:i + 8])[0]
        if cid == b"fmt ":
            fmt, ch = struct.unpack("<HH", data[i + 8:i + 12])
            bits = struct.unpack("<H", data[i + 22:i + 24])[0]
            if fmt == 0xFFFE:
                fmt = struct.unpack("<H", data[i + 32:i + 34])[0]
        elif cid == b"data":
            body = data[i + 8:i + 8 + size]
            break
        i += 8 + size + (size & 1)
    if fmt == 3:
        x = np.frombuffer(body, "<f4" if bits == 32 else "<f8").astype(np.float64)
    elif bits == 24:
        b = np.frombuffer(body, np.uint8).reshape(-1, 3).astype(np.int32)
        v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        x = (np.where(v >= 1 << 23, v - (1 << 24), v) / float(1 << 23))
    elif bits == 16:
        x = np.frombuffer(body, "<i2") / 32768.0
    else:
        x = np.frombuffer(body, "<i4") / 2147483648.0
    return x.reshape(-1, ch)


def sh(cmd, log, env=None, timeout=300):
    e = dict(os.environ)
    e.update(env or {})
    with open(log, "a") as f:
        try:
            return subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, env=e, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            f.write("timeout\n")
            return 124


def fpu_flags():
    """ARDOUR_FPU_FLAGS for this CPU without AVX-512F, or None where it has
    none (issue 87, seed 615). Ardour 7.3's AVX-512 routines
    (libs/ardour/x86_functions_avx512f.cc) run past their count in their
    alignment loop: x86_avx512f_mix_buffers_no_gain adds 8 (or 4) frames at
    a time until its pointers meet a 64-byte boundary together, whatever is
    left, so a transparent region's body mixed by AudioRegion::read_at adds
    up to 7 frames of the region at full level over the start of its
    fade-out, where the heap happened to place Ardour's read buffers (seed
    615: 4 frames of a snare at twice its level, -70.8 dBFS; exported with
    these flags, -135.0). Fixed in Ardour 8.10 (d023ea0d77, "Fix potential
    memory corruption in AVX512f DSP"). The flags (libs/pbd/pbd/fpu.h):
    flush-to-zero 0x1, denormals-are-zero 0x2, SSE 0x4, SSE2 0x8 (every
    x86-64), AVX 0x10 and FMA 0x40 where the CPU has them."""
    try:
        line = next(l for l in open("/proc/cpuinfo") if l.startswith("flags"))
    except (OSError, StopIteration):
        return None
    have = set(line.split(":", 1)[1].split())
    if "avx512f" not in have:
        return None
    return str(0x1 | 0x2 | 0x4 | 0x8 | (0x10 if "avx" in have else 0) | (0x40 if "fma" in have else 0))


def build_and_export(s, d):
    """Ardour's session of spec s in d/session, and its settled export d/ardour.wav."""
    gen.files(s, d)
    S, cfg, log = os.path.join(d, "session"), os.path.join(d, "session.cfg"), os.path.join(d, "ardour.log")
    for p in (S, cfg, log, os.path.join(d, "ardour.wav"), os.path.join(d, "ardour2.wav")):
        if os.path.isdir(p):
            shutil.rmtree(p)
        elif os.path.exists(p):
            os.remove(p)
    os.makedirs(os.path.join(cfg, "ardour7", "scripts"))
    os.makedirs(os.path.join(cfg, "ardour7", "export"))
    shutil.copy(os.path.join(SHARED, "scripts", "sp_convolver.lua"), os.path.join(cfg, "ardour7", "scripts"))
    for f in os.listdir(os.path.join(HERE, "scripts")):
        shutil.copy(os.path.join(HERE, "scripts", f), os.path.join(cfg, "ardour7", "scripts"))
    open(os.path.join(cfg, "ardour7", "export", "stemprint-float.preset"), "w").write(PRESET)
    spec_lua = os.path.join(cfg, "spec.lua")
    with open(spec_lua, "w") as f:
        if subprocess.run(["/usr/bin/python3", os.path.join(SHARED, "recipe2spec.py"), os.path.join(d, "recipe.yaml")],
                          stdout=f, stderr=subprocess.DEVNULL).returncode != 0:
            return "recipe2spec failed"
    os.makedirs(os.path.join(cfg, "lv2", "gm.lv2"))
    for f, text in GM.items():
        open(os.path.join(cfg, "lv2", "gm.lv2", f), "w").write(text)
    for t in s.get("midi", []):
        if "lsp" in t:
            lsp_preset(t, os.path.join(cfg, "lv2", "sp-%s.lv2" % t["name"]))
    env = {"XDG_CONFIG_HOME": cfg, "SESSION_DIR": S, "SESSION_NAME": "sp", "SPEC": spec_lua,
           "LV2_PATH": os.path.join(cfg, "lv2") + ":/usr/lib/lv2:/usr/lib/x86_64-linux-gnu/lv2"}
    if fpu_flags():
        env["ARDOUR_FPU_FLAGS"] = fpu_flags()  # not Ardour 7.3's AVX-512 routines (fpu_flags)
    if sh(["ardour7-lua", os.path.join(SHARED, "build_session.lua")], log, env) != 0:
        return "build failed"
    if sh(["/usr/bin/python3", os.path.join(SHARED, "inject_regions.py"), os.path.join(d, "recipe.yaml"), S, "sp",
           str(s["end"])], log) != 0:
        return "inject failed"
    if any("split" in t for t in s["tracks"]):
        gen.split_sources(s, S)  # stereo_split: the stereo files as Ardour's %L and %R
    if s.get("midi"):
        env["MIDI"] = os.path.join(d, "midi.lua")
        # Ardour 7.3 now and then aborts making a MIDI track ("Port already
        # exists"), before saving anything: try again
        for tries in range(3):
            if sh(["ardour7-lua", os.path.join(HERE, "midi.lua")], log, env) == 0:
                break
        else:
            return "midi failed (ardour7-lua aborted three times)"
    env["EDITS"] = os.path.join(d, "edits.lua")
    if sh(["ardour7-lua", os.path.join(ROOT, "bench", "ardour", "edit.lua")], log, env) != 0:
        return "edit failed"
    if s.get("sidechains"):
        env["SIDECHAINS"] = os.path.join(d, "sidechains.lua")
        if sh(["ardour7-lua", os.path.join(HERE, "sidechain.lua")], log, env) != 0:
            return "sidechain failed"
        sidechain_edit(s, S, log)
    err = eqpower_edit(s, S, log)
    if err:
        return err
    midichan_edit(s, S)
    issue87_edit(s, S)
    if s.get("pins") or s.get("chancount"):
        # Ardour loads the edited session and saves it: the file then holds
        # the maps and plugin configurations Ardour plays (it drops maps it
        # does not take, and configures each plugin for its route as wired)
        if sh(["ardour7-lua", os.path.join(HERE, "resave.lua")], log, env) != 0:
            return "resave failed"
    fluid_state_kept(S)
    if s.get("midi"):
        missing = inject_midi(s, S)
        if missing:
            return "no MIDI source for " + ", ".join(sorted(missing))
    if s.get("surround"):
        # 5.1 (gen.py's surround): master, the buses and every route into
        # them rewired in the saved file, as a user wires them in Ardour's matrix
        if sh(["/usr/bin/python3", os.path.join(ROOT, "bench", "ardour", "surround_edit.py"),
               os.path.join(S, "sp.ardour"), os.path.join(d, "surround.spec")], log) != 0:
            return "surround_edit failed"
    if not s.get("wired"):
        x = open(os.path.join(S, "sp.ardour")).read()
        x = re.sub(r'\s*<Connection other="system:playback_[0-9]*"/>', "", x)
        open(os.path.join(S, "sp.ardour"), "w").write(x)
    names = ["ardour"] + (["ardour2"] if twice(s) else [])
    for name in names:
        env.update({"OUT_DIR": d, "OUT_NAME": name, "END_SAMPLES": str(s["end"])})
        for _ in range(3):
            sh(["ardour7-lua", os.path.join(HERE, "export.lua")], log, env)
            if ("exported %s/%s.wav" % (d, name)) in open(log).read() and os.path.exists(os.path.join(d, name + ".wav")):
                break
        else:
            return "export failed"
    return None


def twice(s):
    """Whether Ardour exports s twice, to measure its own run-to-run
    difference: with a plugin or an instrument of the plugin features."""
    return any(p["uri"] in gen.FX for r in s["tracks"] + s["buses"] for p in r["route"].get("add", [])) or any(
        "uri" in m for m in s.get("midi", []))


def residual(a, b, n):
    """The peak of a - b over the first n frames (dBFS) and its frame."""
    a, b = a[:n], b[:n]
    if len(a) < n:
        a = np.pad(a, ((0, n - len(a)), (0, 0)))
    if len(b) < n:
        b = np.pad(b, ((0, n - len(b)), (0, 0)))
    r = np.abs(a - b)
    peak = r.max()
    return (20 * np.log10(peak) if peak > 0 else -999.0), int(np.argmax(r.max(axis=1)))


def render_float(d, stemprint):
    """The session's mix printed in 32-bit float (`render SESSION --set
    output.depth=32f`); None when it fails."""
    log, out = os.path.join(d, "float.log"), os.path.join(d, "out-float")
    shutil.rmtree(out, ignore_errors=True)
    if sh([stemprint, "render", os.path.join(d, "session"), "-o", out, "-q", "--only", "mix", "--force",
           "--set", "output.depth=32f"], log) not in (0, 1):
        return None
    return read_wav(os.path.join(out, "mix.wav"))


def render_and_null(s, d, stemprint):
    out, log = os.path.join(d, "out"), os.path.join(d, "render.log")
    shutil.rmtree(out, ignore_errors=True)
    if os.path.exists(log):
        os.remove(log)
    rc = sh([stemprint, "render", os.path.join(d, "session"), "-o", out, "-q", "--only", "mix", "--force"], log)
    text = open(log).read()
    # the losses: what `import --strict` refuses (each loss an error)
    ilog = os.path.join(d, "import.log")
    if os.path.exists(ilog):
        os.remove(ilog)
    sh([stemprint, "import", os.path.join(d, "session"), "-o", os.path.join(d, "imported.yaml"), "--strict",
        "--force"], ilog)
    losses = sorted(set(re.sub(r"^.*?\(line \d+\): ", "", m.group(1)).strip()
                        for m in re.finditer(r"stemprint: error: ([^\n]*)", open(ilog).read())
                        if not m.group(1).endswith(" not written")))
    if rc not in (0, 1) or not os.path.exists(os.path.join(out, "mix.wav")):
        return None, None, losses, "render failed (%d): %s" % (rc, text.strip().splitlines()[-1:] if text else "")
    a, b = read_wav(os.path.join(d, "ardour.wav")), read_wav(os.path.join(out, "mix.wav"))
    if np.abs(a).max() >= 1.0:
        # Ardour's float export passes full scale, which the folder's 24-bit
        # print clips: the folder printed in 32-bit float instead (--set)
        b = render_float(d, stemprint)
        if b is None:
            return None, None, losses, "Ardour's mix reaches full scale (%.1f dBFS) and the float render failed" % (
                20 * np.log10(np.abs(a).max()))
    if a.shape[1] != b.shape[1]:
        return None, None, losses, "Ardour's mix has %d channels, stemprint's %d" % (a.shape[1], b.shape[1])
    db, at = residual(a, b, s["end"])
    # each channel's own (5.1: all six nulled, each said)
    s["_channels"] = [residual(a[:, c:c + 1], b[:, c:c + 1], s["end"])[0] for c in range(a.shape[1])]
    # Ardour's own run-to-run difference (two exports of the one session)
    s["_own"] = None
    if os.path.exists(os.path.join(d, "ardour2.wav")):
        s["_own"] = residual(a, read_wav(os.path.join(d, "ardour2.wav")), s["end"])[0]
    return db, at, losses, None


def target(s):
    """-90 dBFS, -60 with a plugin or an instrument; with a plugin Ardour
    does not render the same twice, Ardour's own run-to-run difference
    (issue 63)."""
    t = -60.0 if gen.uses_plugins(s) else -90.0
    own = s.get("_own")
    return max(t, own) if own is not None else t


def trial(s, d, stemprint):
    """(residual dBFS, frame of the worst, losses named, error)"""
    err = build_and_export(s, d)
    if err:
        return None, None, [], err
    return render_and_null(s, d, stemprint)


def fails(res, s):
    db, _, losses, err = res
    return err is None and db > target(s) and not losses


def cuts(s):
    """Every spec one thing smaller than s: a track, a bus, a VCA, the tempo
    map, a copy region, a region edit, an automation list or point, a plugin."""
    out = []
    for i in range(len(s["tracks"])):
        if len(s["tracks"]) > 1:  # the shared builder needs an audio track
            c = copy.deepcopy(s)
            del c["tracks"][i]
            for v in c["vcas"]:
                v["routes"] = [r for r in v["routes"] if r in [t["name"] for t in c["tracks"]] + [b["name"] for b in c["buses"]]]
            c["vcas"] = [v for v in c["vcas"] if v["routes"]]
            out.append(c)
    for i, b in enumerate(s["buses"]):
        c = copy.deepcopy(s)
        del c["buses"][i]
        for t in c["tracks"]:
            if t["to"] == b["name"]:
                t["to"] = "master"
            t["sends"] = [sd for sd in t.get("sends", []) if sd["to"] != b["name"]]
        for v in c["vcas"]:
            v["routes"] = [r for r in v["routes"] if r != b["name"]]
        c["vcas"] = [v for v in c["vcas"] if v["routes"]]
        out.append(c)
    if s["vcas"]:
        c = copy.deepcopy(s)
        c["vcas"] = []
        out.append(c)
    for k in ("foldback", "inactive", "monitor", "nofades", "pinmap", "diskio", "wiring", "pins",
              "chancount"):  # issue 87's
        if s.get(k):
            c = copy.deepcopy(s)
            del c[k]
            out.append(c)
    if s.get("surround"):  # back to stereo; the session's speakers left out
        c = copy.deepcopy(s)
        c["surround"] = None
        out.append(c)
        if s["surround"].get("speakers"):
            c = copy.deepcopy(s)
            c["surround"]["speakers"] = None
            out.append(c)
    if s["tempo"]:
        c = copy.deepcopy(s)
        c["tempo"] = None
        for t in c["tracks"]:
            t["region"].pop("ticks", None)
        out.append(c)
    for ti, t in enumerate(s["tracks"]):
        for ci in range(len(t["copies"])):
            c = copy.deepcopy(s)
            del c["tracks"][ti]["copies"][ci]
            out.append(c)
        for k in list(t["region"]):
            c = copy.deepcopy(s)
            del c["tracks"][ti]["region"][k]
            out.append(c)
        for ci, cp in enumerate(t["copies"]):
            for k in ("fade_in", "fade_out", "opaque", "lower"):
                if k in cp:
                    c = copy.deepcopy(s)
                    del c["tracks"][ti]["copies"][ci][k]
                    out.append(c)
        for si, sd in enumerate(t.get("sends", [])):
            c = copy.deepcopy(s)
            del c["tracks"][ti]["sends"][si]
            out.append(c)
            if "auto" in sd:
                c = copy.deepcopy(s)
                del c["tracks"][ti]["sends"][si]["auto"]
                out.append(c)
    for group in ("tracks", "buses"):
        for ri, r in enumerate(s[group]):
            for k, v in r["route"].items():
                if k == "add":
                    for pi, p in enumerate(v):
                        c = copy.deepcopy(s)
                        del c[group][ri]["route"]["add"][pi]
                        if not c[group][ri]["route"]["add"]:
                            del c[group][ri]["route"]["add"]
                        out.append(c)
                        if p.get("params"):
                            c = copy.deepcopy(s)
                            c[group][ri]["route"]["add"][pi]["params"] = {}
                            out.append(c)
                        if p.get("auto"):
                            c = copy.deepcopy(s)
                            del c[group][ri]["route"]["add"][pi]["auto"]
                            out.append(c)
                    continue
                c = copy.deepcopy(s)
                del c[group][ri]["route"][k]
                out.append(c)
                if isinstance(v, list) and len(v) > 2:
                    for pi in range(len(v)):
                        c = copy.deepcopy(s)
                        del c[group][ri]["route"][k][pi]
                        out.append(c)
    for mi, m in enumerate(s.get("midi", [])):
        c = copy.deepcopy(s)
        del c["midi"][mi]
        out.append(c)
        for ri in range(len(m["regions"])):
            if len(m["regions"]) > 1:
                c = copy.deepcopy(s)
                del c["midi"][mi]["regions"][ri]
                out.append(c)
        for k in ("auto", "params"):
            if m.get(k):
                c = copy.deepcopy(s)
                c["midi"][mi][k] = {}
                out.append(c)
        n = len(m["events"])
        if n > 4:
            for half in (m["events"][: n // 2], m["events"][n // 2:]):
                c = copy.deepcopy(s)
                c["midi"][mi]["events"] = half
                out.append(c)
    for t in s["tracks"]:
        env = t["region"].get("envelope")
        if env and len(env) > 2:
            for pi in range(len(env)):
                c = copy.deepcopy(s)
                del [x for x in c["tracks"] if x["name"] == t["name"]][0]["region"]["envelope"][pi]
                out.append(c)
    return out


def shrink(s, d, stemprint, tries):
    """The smallest spec that still fails, found by dropping one thing at a
    time (at most `tries` builds and exports)."""
    best, res = s, None
    n = 0
    progress = True
    while progress and n < tries:
        progress = False
        for c in cuts(best):
            if n >= tries:
                break
            n += 1
            r = trial(c, os.path.join(d, "shrink"), stemprint)
            if fails(r, c):
                best, res, progress = c, r, True
                json.dump(best, open(os.path.join(d, "shrunk.json"), "w"), indent=1)
                break
    return best, res, n


def size(s):
    m = s.get("midi", [])
    return "%dt %db %dr %dm" % (len(s["tracks"]), len(s["buses"]),
                                sum(1 + len(t["copies"]) for t in s["tracks"]), len(m))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1-20", help="A-B, or a list like 3,7,10-12")
    ap.add_argument("--work", default="/tmp/stemprint-random")
    ap.add_argument("--shrink", type=int, default=30)
    ap.add_argument("--stemprint", default=os.path.join(ROOT, "build", "stemprint"))
    ap.add_argument("--spec", help="run this spec (JSON) alone, no shrinking")
    ap.add_argument("--features", help="only these features of features.txt (comma-separated; "
                    "each drawn as in the whole list)")
    a = ap.parse_args()
    if a.spec:
        s = json.load(open(a.spec))
        d = os.path.join(a.work, "spec")
        r = trial(s, d, a.stemprint)
        print(json.dumps({"residual_dbfs": r[0], "at_frame": r[1], "losses": r[2], "error": r[3],
                          "ardour_run_to_run_dbfs": s.get("_own"), "channels_dbfs": s.get("_channels")}))
        return
    seeds = []
    for part in a.seeds.split(","):  # 1-20 or 3,7,10-12
        lo, _, hi = part.partition("-")
        seeds += range(int(lo), int(hi or lo) + 1)
    print("| seed | features | size | residual | target | verdict |")
    print("|---|---|---|---|---|---|", flush=True)
    for seed in seeds:
        s = gen.spec(seed, a.features.split(",") if a.features else None)
        d = os.path.join(a.work, str(seed))
        os.makedirs(d, exist_ok=True)
        json.dump(s, open(os.path.join(d, "spec.json"), "w"), indent=1)
        db, at, losses, err = trial(s, d, a.stemprint)
        json.dump(s, open(os.path.join(d, "spec.json"), "w"), indent=1)
        if err:
            verdict = "error: " + err
        elif db <= target(s):
            verdict = "met"
        elif losses:
            verdict = "named loss: " + "; ".join(losses)[:120]
        else:
            verdict = "FAILS (worst at %.3f s)" % (at / gen.SR)
            if a.shrink:
                small, sres, n = shrink(s, d, a.stemprint, a.shrink)
                if sres:
                    verdict += "; shrunk in %d tries to %s %s: %.1f dBFS at %.3f s" % (
                        n, size(small), "+".join(small["features"]), sres[0], sres[1] / gen.SR)
        res = "%.1f dBFS" % db if db is not None else "-"
        if s.get("_own") is not None:
            res += " (Ardour's own %s)" % ("none" if s["_own"] <= -999 else "%.1f" % s["_own"])
        if len(s.get("_channels") or []) > 2:  # 5.1: each channel's
            res += " [%s]" % " ".join("%.1f" % c for c in s["_channels"])
        print("| %d | %s | %s | %s | %d | %s |" % (seed, " ".join(s["features"][1:]) or "-", size(s), res,
                                                 target(s), verdict), flush=True)


if __name__ == "__main__":
    main()
