#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The LV2 variant of a bench session, for stemprint and for Ardour alike.

usage: lv2.py SESSION.yaml ARDOUR_DIR

SESSION.yaml is a bench session (bench/sessions/<size>/session.yaml, built-in
inserts). ARDOUR_DIR is ../shared/bench/ardour: its recipe2spec.py maps each
built-in insert to a plugin Ardour has (x42 fil4 for eq, ACE Compressor for a
compressor, its sidechain for a key, ACE Delay for a delay); this script keeps
the compressor and the delay and replaces the rest: eq becomes LSP's
parametric EQ (x42 fil4 costs 0.7 s per 180 s of stereo here, LSP's 0.06 s),
the limiter LSP's sidechain limiter (x42-dpl has no sidechain input: on a
master of four stems stemprint refuses it), the convolver Dragonfly's plate.
It writes, beside SESSION.yaml:

  session_lv2.yaml   the same routing with `lv2:` inserts, every parameter the
                     one Ardour gets, written in the units a recipe uses
  spec_lv2.lua       the same session for ardour_lv2.sh (Ardour's build_session.lua)

Port facts (symbols, units, ranges, enumerations) come from
`stemprint help lv2 URI --json`; STEMPRINT names the binary.
"""
import json
import math
import os
import subprocess
import sys

import yaml

SESSION, ARDOUR = sys.argv[1], sys.argv[2]
STEMPRINT = os.environ.get("STEMPRINT", "stemprint")
sys.path.insert(0, ARDOUR)
import recipe2spec as r2s  # noqa: E402

LIMITER = "http://lsp-plug.in/plugins/lv2/sc_limiter_stereo"
EQ = "http://lsp-plug.in/plugins/lv2/para_equalizer_x16_stereo"
PLATE = "urn:dragonfly:plate"
_ports = {}


def ports(uri):
    if uri not in _ports:
        out = subprocess.run([STEMPRINT, "help", "lv2", uri, "--json"], check=True,
                             capture_output=True, text=True).stdout
        d = json.loads(out)
        every = sorted([c["port"] for c in d["controls"]] + d["output_controls"])
        d["by_ordinal"] = {i: p for i, p in enumerate(every)}
        d["by_port"] = {c["port"]: c for c in d["controls"]}
        d["by_symbol"] = {c["symbol"]: c for c in d["controls"]}
        _ports[uri] = d
    return _ports[uri]


def ordinal(uri, symbol):
    d = ports(uri)
    port = d["by_symbol"][symbol]["port"]
    return next(i for i, p in d["by_ordinal"].items() if p == port)


def recipe_value(c, v):
    """A port value as a recipe writes it."""
    k = c["kind"]
    if k == "toggle":
        return v > 0.5 * (c["min"] + c["max"])
    if k == "enumeration":
        return min(c["choices"], key=lambda x: abs(x["value"] - v))["label"]
    if k == "gain":
        return "-inf dB" if v <= 0 else "%.9g dB" % (20 * math.log10(v))
    x = v / c["scale"]
    unit = {"dB": " dB", "s": " s", "Hz": " Hz"}.get(c["unit"], "")
    return ("%.9g" % x) + unit if unit else float("%.9g" % x)


def to_recipe(ins):
    """A spec insert (parameters by Ardour's control ordinal) as an lv2 insert."""
    d = ports(ins["uri"])
    body = {"plugin": ins["uri"]}
    for idx, v in sorted((ins.get("params") or {}).items()):
        c = d["by_port"].get(d["by_ordinal"][idx])
        if c is None or c["held"]:
            continue  # an output port, or one stemprint holds (enable, sidechain switch)
        body[c["symbol"]] = recipe_value(c, float(v))
    if ins.get("key_from"):
        body["key"] = {"from": ins["key_from"], "tap": ins.get("key_tap", "post")}
    return {"lv2": body}


def limiter(c, where):
    ceiling = r2s.num(c.get("ceiling", -1))
    return {"kind": "lv2", "uri": LIMITER, "name": "limiter",
            "params": {ordinal(LIMITER, "th"): 10 ** (ceiling / 20), ordinal(LIMITER, "boost"): 0}}


def plate(c, where, rdir):
    return {"kind": "lv2", "uri": PLATE, "name": "reverb",
            "params": {ordinal(PLATE, "dry_level"): 0, ordinal(PLATE, "early_level"): 100,
                       ordinal(PLATE, "decay"): 1.8, ordinal(PLATE, "predelay"): 20}}


def eq(bands, where):
    """eq bands onto LSP's parametric EQ (IIR, RLC filters): a highpass or
    lowpass with its slope (12 dB/oct a step), shelves and bells with their
    gain and Q."""
    types = {"highpass": 2, "highshelf": 3, "lowpass": 4, "lowshelf": 5, "peak": 1}
    p = {}
    for k, b in enumerate(bands[:16]):
        t = b["type"]
        if t not in types:
            r2s.notes.append("%s: eq band type %s not mapped" % (where, t))
            continue
        p[ordinal(EQ, "ft_%d" % k)] = types[t]
        p[ordinal(EQ, "f_%d" % k)] = r2s.num(b["freq"])
        if t in ("highpass", "lowpass"):
            p[ordinal(EQ, "s_%d" % k)] = max(0, min(3, int(b.get("slope", 12)) // 12 - 1))
        else:
            p[ordinal(EQ, "g_%d" % k)] = 10 ** (r2s.num(b.get("gain", 0)) / 20)
        p[ordinal(EQ, "q_%d" % k)] = float(b.get("q", 0.7071))
    return {"kind": "lv2", "uri": EQ, "name": "eq", "params": p}


r2s.eq_insert = eq
r2s.limiter_insert = limiter
r2s.conv_insert = plate

rdir = os.path.dirname(os.path.abspath(SESSION))
text = open(SESSION).read().replace("{recipe}", "RECIPE")
r = yaml.safe_load(text)
# the spec, as recipe2spec.py makes it (with the two substitutions)
sys.argv = ["recipe2spec.py", SESSION]
spec_path = os.path.join(rdir, "spec_lv2.lua")
with open(spec_path, "w") as f:
    old = sys.stdout
    sys.stdout = f
    try:
        r2s.main()
    finally:
        sys.stdout = old
# the recipe: every strip's inserts from the same mapping
spec_ns = {}
for name, b in (r.get("buses") or {}).items():
    b["inserts"] = [to_recipe(i) for i in r2s.inserts(b.get("inserts"), "bus " + name, rdir)]
m = r.get("master") or {}
m["inserts"] = [to_recipe(i) for i in r2s.inserts(m.get("inserts"), "master", rdir)]
r["master"] = m
for name, t in r["tracks"].items():
    if t.get("inserts"):
        t["inserts"] = [to_recipe(i) for i in r2s.inserts(t.get("inserts"), "track " + name, rdir)]
out = os.path.join(rdir, "session_lv2.yaml")
with open(out, "w") as f:
    f.write("# The LV2 variant of %s (bench/lv2.py): the plugins Ardour runs in\n"
            "# spec_lv2.lua, with the same parameters.\n" % os.path.basename(SESSION))
    f.write(yaml.safe_dump(r, sort_keys=False, width=100).replace("RECIPE", "{recipe}"))
print(out)
print(spec_path)
