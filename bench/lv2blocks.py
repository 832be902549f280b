#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which installed LV2 plugins give other bytes at another block size, run
after run, or at another thread count: measured, plugin by plugin.

usage: lv2blocks.py [--work DIR] [--stemprint BIN] [--blocks 1000,4097,64,1,16384]
                    [--only REGEX] [--timeout S] [--fresh] [--table] [--ladspa]

--ladspa: the LADSPA plugins `stemprint help ladspa` lists, each named by
FILE:label, in a `ladspa` insert, the same way.

For every plugin `stemprint help lv2` lists that is not refused, it writes a
recipe: the demo's sources (fixtures/audio: kick, snare, bass, keys, vox)
summed into a stereo bus that has the plugin as its one insert (a mono
plugin runs there as two instances, one per channel; a mono-to-stereo one
hears the left channel; a keyed one is keyed by the kick; a track-only one
is allowed, since the recipe has no stems). The timeline is 5.5 s: 2 s of the
sources at their levels, then 1 s of them 60 dB down, 1 s 110 dB down,
0.5 s 135 dB down and 1 s of silence, so that whatever a plugin does at the
edges of its runs to small numbers (flushing them to zero, say) is heard.
The plugin's parameters are its defaults, except for the plugins listed in
SETTINGS below, which do nothing to this material at their defaults (an EQ
with every band off, a multiband compressor with one band and its threshold
above the material). The print is 32-bit float without dither, so a
difference of any size shows.

Each recipe is rendered, into fresh folders, with --no-cache:

  ref      -j 1, the default block (4096 frames with plugins)
  again    the same again: run-to-run determinism
  j2       -j 2, the default block
  B        -j 1, --block-frames B, for each B of --blocks: by default
           1000 and 4097 (runs that are not a power of two, or one frame
           longer than the default), 64 and 1 (short runs; 1 is the slow
           one: up to 30 s of CPU for LSP's multiband processors), 16384
           (runs longer than a plugin's own buffers)
  bypass   -j 1, the insert bypassed: how much the plugin changes the
           material at all ("effect"; a plugin that changes nothing proves
           nothing about its blocks)

and each mix is compared with ref's byte for byte and as the peak of the
difference in dBFS. One render runs at a time, on one core except j2.
Results go to WORK/results.jsonl as each plugin ends (a second run
continues where the first stopped, and renders the block sizes of --blocks
an earlier run did not; --fresh starts over), and the table to
stdout at the end (--table prints it from the results without rendering).
WORK defaults to /tmp/stemprint-lv2blocks. STEMPRINT or --stemprint names
the binary (default build/stemprint). Needs Debian's /usr/bin/python3 with
numpy and soundfile, and dpkg for each plugin's package. bench/README.md
has the last run's figures, docs/lv2.md (Bits and blocks) what they mean.
"""
import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time

import numpy as np
import soundfile as sf

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
AUDIO = os.path.join(ROOT, "fixtures", "audio")

TRACKS = [("kick", -4), ("snare", -5), ("bass", -8), ("keys", -12), ("vox", -6)]
# (start s, length s, gain dB): the sources loud, then ever quieter
STEPS = [(0, 2, 0), (2, 1, -60), (3, 1, -110), (4, 0.5, -135)]
LENGTH_S = 5.5

# Parameters for plugins that do nothing (or next to nothing) to the
# material at their defaults: an EQ with every band flat, a compressor whose
# threshold or ratio leaves the material alone, a delay of 0. (regex on the
# URI, the insert's parameters as recipe text); the first match applies. In
# LSP's, {c} is a channel's suffix ('' on mono and stereo variants, l and r
# on LeftRight, m and s on MidSide) and {u} the same after an underscore;
# a part with {c} or {u} is written once per channel. Meters, analysers and
# tuners pass their input through by design; LSP's impulse responses, room
# builder and samplers need files no port carries: they are left as they are.
LSP = "http://lsp-plug.in/plugins/lv2/"
CALF = "http://calf.sourceforge.net/plugins/"
X42 = "http://gareus.org/oss/lv2/"
MB_BANDS = "cbe_1{c}: true, cbe_3{c}: true, "
SETTINGS = [
    (LSP + r"para_equalizer_x(16|32)_",
     "ft{c}_0: Bell, f{c}_0: 1 kHz, g{c}_0: 6 dB, ft{c}_1: Hi-pass, f{c}_1: 80 Hz, "
     "ft{c}_2: Hi-shelf, f{c}_2: 6 kHz, g{c}_2: -4 dB"),
    (LSP + r"graph_equalizer_x(16|32)_", "g{c}_3: 6 dB, g{c}_8: -6 dB, g{c}_12: 4 dB"),
    (LSP + r"(sc_)?mb_compressor_",
     MB_BANDS + ", ".join("al_%d{c}: -30 dB, cr_%d{c}: 4" % (k, k) for k in range(5))),
    (LSP + r"(sc_)?mb_expander_", MB_BANDS + ", ".join("er_%d{c}: 3" % k for k in range(5))),
    (LSP + r"(sc_)?mb_dyna_processor_",
     MB_BANDS + ", ".join("gl0_%d{c}: -18 dB" % k for k in range(5))),
    (LSP + r"(sc_)?dyna_processor_", "gl0{u}: -18 dB"),
    (LSP + r"comp_delay_(mono|stereo)$", "samp: 480, dry: -6 dB"),
    (LSP + r"comp_delay_x2_stereo$", "samp_l: 480, samp_r: 240, dry_l: -6 dB, dry_r: -6 dB"),
    (LSP + r"art_delay_", "on0: true, frac0: 1"),
    (LSP + r"slap_delay_", "dm0: Time, dt0: 120 ms"),
    (LSP + r"loud_comp_", "volume: -30 dB"),
    (CALF + r"Equalizer5Band$",
     "ls_active: 'ON', ls_level: 2, p2_active: 'ON', p2_level: 0.5, hs_active: 'ON', hs_level: 1.5"),
    (CALF + r"Equalizer(8|12)Band$",
     "hp_active: 'ON', hp_freq: 60 Hz, ls_active: 'ON', ls_level: 2, p2_active: 'ON', "
     "p2_level: 0.5, hs_active: 'ON', hs_level: 1.5"),
    (CALF + r"Equalizer30Band$", "gain15: 0.5, gain25: 0.5, gain115: -0.5, gain215: -0.5"),
    (CALF + r"Deesser$", "threshold: 0.01"),
    (CALF + r"TransientDesigner$", "attack_boost: 0.5, release_boost: -0.5"),
    (CALF + r"Vinyl$", "drone: 0.2, aging: 0.5, active0: true"),
    (CALF + r"ReverseDelay$", "amount: 0.5"),
    (CALF + r"CompensationDelay$", "distance_m: 3, dry: 0.5"),
    (CALF + r"MultiSpread$", "amount0: 4, amount1: 4"),
    (CALF + r"StereoTools$", "stereo_base: 0.5, delay: 5 ms"),
    (X42 + r"balance$", "balance: 0.5, delayLeft: 100"),
    (X42 + r"darc#", "Ratio: 0.5"),
    (X42 + r"dpl#", "threshold: -10 dB"),
    (X42 + r"fil4#", "HighPass: true, HPfreq: 80 Hz, gain1: 6 dB, gain3: -4 dB"),
    (X42 + r"phaserotate$", "angle: 90"),
    (X42 + r"phaserotate#stereo$", "angleL: 90, angleR: -45"),
    (r"urn:ardour:a-comp", "thr: -30 dB"),
    (r"urn:ardour:a-eq$", "gl: 3, g1: 6, g3: -6"),
    (r"urn:zamaudio:ZaMaximX2$", "thresh: -12 dB"),
    (r"urn:zamaudio:ZamComp(X2)?$", "thr: -30 dB"),
    (r"urn:zamaudio:ZamDynamicEQ$", "thr: -40 dB, togglepeak: true"),
    (r"urn:zamaudio:ZamEQ2$", "boost1: 6 dB, boostl: 4 dB"),
    (r"urn:zamaudio:ZamGEQ31$", "band10: 6 dB, band20: -6 dB"),
    (r"urn:zamaudio:ZaMultiComp(X2)?$",
     "toggle1: true, toggle2: true, toggle3: true, thr1: -40 dB, thr2: -40 dB, thr3: -40 dB"),
    (r"urn:zamaudio:ZamGrains$", "grains: 10"),
]


def sh(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


LV2_DIRS = []


def plugins(stemprint):
    """(uri, name, link or None, why refused or None) for every plugin listed."""
    out = sh([stemprint, "help", API], check=True).stdout.splitlines()
    m = re.search(r" plugins on (.*)\)\.$", out[0])
    LV2_DIRS[:] = m.group(1).split(":") if m else []
    res = []
    first = r"^[^\s:]+\.so:" if API == "ladspa" else r"^[a-z]+:"
    for i, line in enumerate(out):
        if not line or line[0].isspace() or not re.match(first, line) or i + 1 >= len(out):
            continue
        desc = out[i + 1].strip()
        name = desc.split(" — ")[0]
        if "; refused: " in desc:
            res.append((line, name, None, desc.split("; refused: ", 1)[1]))
        else:
            res.append((line, name, desc.rsplit("; ", 1)[1], None))
    return res


API = "lv2"  # or "ladspa" (--ladspa): the family surveyed
_pkgs = {}
_manifests = {}


def bundle_of(uri):
    """The bundle whose manifest names uri. (`help lv2 URI` names the
    library, but describing a plugin probes its latency against every port:
    minutes for LSP's multiband processors.)"""
    if not _manifests:
        for d in LV2_DIRS:
            d = os.path.expanduser(d)
            for b in sorted(os.listdir(d)) if os.path.isdir(d) else []:
                try:
                    with open(os.path.join(d, b, "manifest.ttl"), errors="replace") as f:
                        _manifests[os.path.join(d, b)] = f.read()
                except OSError:
                    pass
    for bundle, text in _manifests.items():
        if "<%s>" % uri in text:
            return bundle
        for name, iri in re.findall(r"@prefix\s+([\w-]*):\s*<([^>]*)>", text):
            if uri.startswith(iri) and re.search(
                    r"(^|\s)%s:%s(\s|$)" % (re.escape(name), re.escape(uri[len(iri):])), text, re.M):
                return bundle
    return None


def package(uri):
    """The Debian package holding the plugin's bundle (a LADSPA plugin's
    library), with its version."""
    if API == "ladspa":
        found = [os.path.join(d, uri.split(":")[0]) for d in LV2_DIRS]
        found = [f for f in found if os.path.exists(f)]
        bundle = found[0] if found else None
    else:
        bundle = bundle_of(uri)
    if not bundle:
        return "?"
    if bundle not in _pkgs:
        r = sh(["dpkg", "-S", bundle])
        pkg = r.stdout.split(":")[0].strip() if r.returncode == 0 else ""
        ver = sh(["dpkg-query", "-W", "-f=${Version}", pkg]).stdout if pkg else ""
        _pkgs[bundle] = "%s %s" % (pkg, ver) if pkg else "(no package: %s)" % bundle
    return _pkgs[bundle]


def settings(uri):
    """The parameters SETTINGS gives uri, as recipe text ('' for none)."""
    for rx, text in SETTINGS:
        if re.match(rx, uri):
            chans = {"lr": ["l", "r"], "ms": ["m", "s"]}.get(uri.rsplit("_", 1)[-1], [""])
            parts = []
            for part in text.split(", "):
                if "{c}" in part or "{u}" in part:
                    parts += [part.format(c=c, u="_" + c if c else "") for c in chans]
                else:
                    parts.append(part)
            return ", ".join(parts)
    return ""


def recipe(uri, link, bypass):
    lines = ["stemprint: 1", "sample_rate: 48000", "length: %g s" % LENGTH_S, "tail: 0", "tracks:"]
    for name, gain in TRACKS:
        lines += ["  %s:" % name, "    gain: %d dB" % gain, "    to: fx", "    regions:"]
        for at, n, db in STEPS:
            lines.append("      - {file: %s, at: %g, from: %g, length: %g, gain: %d dB}"
                         % (json.dumps(os.path.join(AUDIO, name + ".wav")), at, at, n, db))
    body = ["plugin: %s" % json.dumps(uri)]
    if settings(uri):
        body.append(settings(uri))
    if link == "keyed":
        body.append("key: {from: kick}")
    if bypass:
        body.append("bypass: true")
    lines += ["buses:", "  fx:", "    inserts:", "      - %s: {%s}" % (API, ", ".join(body)),
              "output: {depth: 32f, dither: none}"]
    return "\n".join(lines) + "\n"


def render(stemprint, path, out, jobs, block, timeout):
    """(None, cpu s, wall s) or (why it failed, cpu, wall)."""
    shutil.rmtree(out, ignore_errors=True)
    args = [stemprint, "render", path, "-q", "--no-cache", "-j", str(jobs), "-o", out]
    if block:
        args += ["--block-frames", str(block)]
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    try:
        r = sh(args, timeout=timeout)
        why = None if r.returncode == 0 else "exit %d: %s" % (
            r.returncode, (r.stderr.strip().splitlines() or [""])[0][:300])
    except subprocess.TimeoutExpired:
        why = "timed out after %g s" % timeout
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
    return why, round(cpu, 2), round(time.monotonic() - t0, 2)


def residual(a_path, b_path):
    """'same' when the files are equal byte for byte, else the peak of the
    difference in dBFS (a string: 'nan' when either holds a NaN)."""
    with open(a_path, "rb") as f, open(b_path, "rb") as g:
        if f.read() == g.read():
            return "same"
    a, _ = sf.read(a_path, dtype="float64", always_2d=True)
    b, _ = sf.read(b_path, dtype="float64", always_2d=True)
    if a.shape != b.shape:
        return "length %d vs %d" % (len(a), len(b))
    if np.isnan(a).any() or np.isnan(b).any():
        return "nan"
    d = float(np.max(np.abs(a - b)))
    return "%.1f" % (20 * np.log10(d)) if d > 0 else "same samples"


def survey_one(stemprint, work, k, uri, link, blocks, timeout, old=None):
    """Render uri's recipe every way; with old (an earlier run's results),
    only the block sizes it lacks, against a fresh reference print."""
    d = os.path.join(work, "p%03d" % k)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "r.yaml")
    with open(path, "w") as f:
        f.write(recipe(uri, link, False))
    bpath = os.path.join(d, "bypass.yaml")
    with open(bpath, "w") as f:
        f.write(recipe(uri, link, True))
    res = {"uri": uri, "link": link, "settings": settings(uri), "cpu_s": {}, "wall_s": {}}
    runs = [("ref", path, 1, 0), ("again", path, 1, 0), ("j2", path, 2, 0)]
    runs += [(str(b), path, 1, b) for b in blocks] + [("bypass", bpath, 1, 0)]
    if old:
        res = old
        runs = [r for r in runs if r[0] == "ref" or r[0] not in old]
    ref = os.path.join(d, "ref", "mix.wav")
    for name, p, jobs, block in runs:
        out = os.path.join(d, name)
        why, cpu, wall = render(stemprint, p, out, jobs, block, timeout)
        res["cpu_s"][name], res["wall_s"][name] = cpu, wall
        if why:
            if name == "ref":
                res["skipped"] = why
                break
            res[name] = "failed: " + why
        else:
            res[name] = "same" if name == "ref" else residual(ref, os.path.join(out, "mix.wav"))
        if name != "ref":
            shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(os.path.join(d, "ref"), ignore_errors=True)
    return res


def is_num(v):
    return bool(re.match(r"^-?\d+(\.\d+)?$", v or ""))


def worst(values):
    """The largest residual of several, as the table writes it: 'same' when
    every one is; failures named."""
    nums = [float(v) for v in values if is_num(v)]
    other = sorted(set(v for v in values if v not in ("same", "same samples") and not is_num(v)))
    text = "%.1f dBFS" % max(nums) if nums else ""
    if other:
        text = "; ".join(([text] if text else []) + other)
    return text or "same"


def cell(v):
    return "same" if v in ("same", "same samples") else (v if v else "?")


def table(results, blocks, out=sys.stdout):
    w = out.write
    w("| plugin | package | class | parameters | effect, dBFS | "
      + " | ".join("block %s" % b for b in blocks) + " | run to run | -j 2 |\n")
    w("|---|---|---|---|---:|" + "---:|" * len(blocks) + "---:|---:|\n")
    done = [r for r in results if not r.get("skipped")]
    skipped = [r for r in results if r.get("skipped")]
    for r in done:
        w("| %s | %s | %s | %s | %s | %s | %s | %s |\n" % (
            r["uri"], r.get("package", "?"), r["link"], "set" if r.get("settings") else "defaults",
            "none" if r.get("bypass") == "same" else cell(r.get("bypass")),
            " | ".join(cell(r.get(str(b))) for b in blocks), cell(r.get("again")), cell(r.get("j2"))))
    w("\nParameters: defaults, or set as SETTINGS in bench/lv2blocks.py gives them. Effect: "
      "the peak of the print less the print with the insert bypassed (none: the plugin "
      "changed nothing). Each block size, run to run and -j 2: the peak of the print less "
      "the reference print (-j 1, the default block), same when the bytes are.\n")
    w("\nSkipped:\n\n")
    for r in skipped:
        w("- %s (%s): %s\n" % (r["uri"], r.get("package", "?"), r["skipped"]))
    w("\nBy package (measured; of them block-dependent, run to run differs, -j differs, "
      "no effect at these parameters):\n\n")
    pkgs = sorted(set(r.get("package", "?") for r in results))
    for pkg in pkgs:
        mine = [r for r in done if r.get("package", "?") == pkg]
        dep = [r for r in mine if worst([r.get(str(b), "") for b in blocks]) != "same"]
        w("- %s: %d measured, %d skipped; block-dependent %d; run to run %d; -j %d; no effect %d\n"
          % (pkg, len(mine), sum(1 for r in skipped if r.get("package", "?") == pkg), len(dep),
             sum(1 for r in mine if r.get("again") != "same"),
             sum(1 for r in mine if r.get("j2") != "same"),
             sum(1 for r in mine if r.get("bypass") == "same")))
    w("\nBlock-dependent (the largest residual over the block sizes):\n\n")
    for r in done:
        bd = worst([r.get(str(b), "") for b in blocks])
        if bd != "same":
            w("- %s (%s): %s\n" % (r["uri"], r.get("name", ""), bd))
    for what, key in (("Run to run", "again"), ("-j 2 against -j 1", "j2")):
        odd = [r for r in done if r.get(key) != "same"]
        w("\n%s differs: %s\n" % (what, ", ".join(
            "%s (%s)" % (r["uri"], cell(r.get(key))) for r in odd) if odd else "none"))
    w("\n%d plugins measured, %d skipped.\n" % (len(done), len(skipped)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", default="/tmp/stemprint-lv2blocks")
    ap.add_argument("--stemprint", default=os.environ.get(
        "STEMPRINT", os.path.join(ROOT, "build", "stemprint")))
    ap.add_argument("--blocks", default="1000,4097,64,1,16384")
    ap.add_argument("--only", default="", help="a regex: survey the URIs it finds alone")
    ap.add_argument("--timeout", type=float, default=900, help="seconds a render may take")
    ap.add_argument("--fresh", action="store_true", help="forget the results of an earlier run")
    ap.add_argument("--table", action="store_true", help="print the table of the results only")
    ap.add_argument("--ladspa", action="store_true",
                    help="survey the LADSPA plugins `help ladspa` lists instead")
    a = ap.parse_args()
    global API
    API = "ladspa" if a.ladspa else "lv2"
    if not os.path.isdir(AUDIO):
        sys.exit("lv2blocks.py: build first (fixtures/audio is made by the build)")
    blocks = [int(b) for b in a.blocks.split(",") if b]
    os.makedirs(a.work, exist_ok=True)
    rpath = os.path.join(a.work, "results.jsonl")
    if a.fresh and os.path.exists(rpath):
        os.remove(rpath)
    done = {}
    if os.path.exists(rpath):
        with open(rpath) as f:
            for line in f:
                r = json.loads(line)
                done[r["uri"]] = r
    if not a.table:
        every = plugins(a.stemprint)
        def missing(uri):
            r = done.get(uri)
            return not r or (not r.get("skipped") and any(str(b) not in r for b in blocks))

        todo = [p for p in every if re.search(a.only, p[0]) and missing(p[0])]
        print("%d plugins listed, %d to survey" % (len(every), len(todo)), file=sys.stderr)
        for k, (uri, name, link, refused) in enumerate(every):
            if (uri, name, link, refused) not in todo:
                continue
            t0 = time.monotonic()
            if refused:
                r = {"uri": uri, "link": None, "skipped": "refused: " + refused}
            else:
                r = survey_one(a.stemprint, a.work, k, uri, link, blocks, a.timeout, done.get(uri))
            r["name"] = name
            r["package"] = package(uri)
            done[uri] = r
            with open(rpath, "a") as f:
                f.write(json.dumps(r) + "\n")
            print("%s: %s (%.0f s)" % (uri, r.get("skipped") or ", ".join(
                "%s %s" % (n, r.get(n)) for n in ["again", "j2"] + [str(b) for b in blocks]
                + ["bypass"]), time.monotonic() - t0), file=sys.stderr)
    table(sorted(done.values(), key=lambda r: r["uri"]), blocks)


if __name__ == "__main__":
    main()
