#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The EBU ADM Renderer's gains, as a C table for tests/test_bs2127.c.

    bench/adm/ear_tables.py /tmp/ear > tests/bs2127_tables.h
    bench/adm/ear_tables.py /tmp/ear --edges > tests/bs2127_edges.h

/tmp/ear is a tree of github.com/ebu/ebu_adm_renderer (its 2026-11 tree,
commit 3de5957, was used for the committed table), run with Debian's
python3 (python3-numpy, -scipy, -lxml, -attr, -multipledispatch,
-ruamel.yaml, -six, -importlib-resources). For each layout stemprint's
BS.2127 renderer takes, it asks EAR's GainCalc (objects) and
DirectSpeakersPanner (bed channels) for the gains of a few hundred blocks:
polar and Cartesian points (seeded random and on speakers), extents,
divergence, channel lock, gains and diffuseness, and bed channels by
label, by the Dolby Atmos Master ADM Profile's Cartesian positions and by
BS.2094's common definitions. Each row prints the block and the direct
gains in stemprint's channel order (and the diffuse ones).

7.1.2 and 9.1.6 are no BS.2051 systems; they are given to EAR as layouts
of 9+10+3's speakers (names, nominal and allocentric positions), which its
renderer configures by the same rules as the others.

--edges writes the screen edge lock's table instead: objects (polar and
Cartesian, a point and an extent) and bed channels (polar and Cartesian,
one bounded in azimuth, one of a label the layout has) whose positions
carry screenEdgeLock, each layout's gains as EAR's GainCalc and
DirectSpeakersPanner give them with its default screen.
"""

import sys
from fractions import Fraction

import numpy as np

sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != "--edges" else "/tmp/ear")

from ear.core import bs2051, allocentric  # noqa: E402
from ear.core.layout import Layout  # noqa: E402
from ear.core.objectbased.gain_calc import GainCalc  # noqa: E402
from ear.core.direct_speakers.panner import DirectSpeakersPanner  # noqa: E402
from ear.core.metadata_input import (  # noqa: E402
    ObjectTypeMetadata, DirectSpeakersTypeMetadata, ExtraData)
from ear.fileio.adm.elements import (  # noqa: E402
    AudioBlockFormatObjects, AudioBlockFormatDirectSpeakers, ObjectPolarPosition,
    ObjectCartesianPosition, ObjectDivergence, ChannelLock, BoundCoordinate,
    DirectSpeakerPolarPosition, DirectSpeakerCartesianPosition, AudioPackFormat,
    Frequency, TypeDefinition, CartesianZone, PolarZone)

# stemprint's layouts (core/base/layout.c) as BS.2051's systems, channel for
# channel (core/dsp/bs2127/layouts.c)
LAYOUTS = [
    ("stereo", "0+2+0", "M+030 M-030"),
    ("5.1", "0+5+0", "M+030 M-030 M+000 LFE1 M+110 M-110"),
    ("5.1.2", "2+5+0", "M+030 M-030 M+000 LFE1 M+110 M-110 U+030 U-030"),
    ("5.1.4", "4+5+0", "M+030 M-030 M+000 LFE1 M+110 M-110 U+030 U-030 U+110 U-110"),
    ("7.1", "0+7+0", "M+030 M-030 M+000 LFE1 M+135 M-135 M+090 M-090"),
    ("7.1.2", "7.1.2", "M+030 M-030 M+000 LFE1 M+135 M-135 M+090 M-090 U+090 U-090"),
    ("7.1.4", "4+7+0",
     "M+030 M-030 M+000 LFE1 M+135 M-135 M+090 M-090 U+045 U-045 U+135 U-135"),
    ("9.1.6", "9.1.6",
     "M+030 M-030 M+000 LFE1 M+135 M-135 M+090 M-090 U+045 U-045 U+135 U-135 "
     "M+060 M-060 U+090 U-090"),
]


def add_custom_layouts():
    """7.1.2 and 9.1.6 as EAR layouts made of 9+10+3's speakers."""
    big = bs2051.get_layout("9+10+3")
    by_name = big.channels_by_name
    allo = allocentric._allo_positions
    for name, system, names in LAYOUTS:
        if system in bs2051.layout_names:
            continue
        chans = [by_name[n] for n in names.split()]
        bs2051.layouts[system] = Layout(name=system, channels=chans)
        bs2051.layout_names.append(system)
        allo[system] = {n: allo["9+10+3"][n] for n in names.split()}


# the Dolby Atmos Master ADM Profile's bed channels (io/audio/adm_profile.c)
RC = [
    ("RC_L", -1, 1, 0), ("RC_R", 1, 1, 0), ("RC_C", 0, 1, 0), ("RC_LFE", -1, 1, -1),
    ("RC_Ls", -1, -0.36397, 0), ("RC_Rs", 1, -0.36397, 0), ("RC_Lss", -1, 0, 0),
    ("RC_Rss", 1, 0, 0), ("RC_Lrs", -1, -1, 0), ("RC_Rrs", 1, -1, 0),
    ("RC_Lts", -1, 0, 1), ("RC_Rts", 1, 0, 1),
]

# BS.2094's common definitions: pack system, its labels and their positions
PACKS = [
    ("0+2+0", "AP_00010002", [("M+030", 30, 0), ("M-030", -30, 0)]),
    ("0+5+0", "AP_00010003", [("M+030", 30, 0), ("M-030", -30, 0), ("M+000", 0, 0),
                              ("LFE1", 0, -30), ("M+110", 110, 0), ("M-110", -110, 0)]),
    ("0+7+0", "AP_0001000f", [("M+090", 90, 0), ("M-090", -90, 0), ("M+135", 135, 0),
                              ("M-135", -135, 0)]),
    ("4+7+0", "AP_00010017", [("U+045", 45, 30), ("U-045", -45, 30), ("U+135", 135, 30),
                              ("U-135", -135, 30)]),
    ("4+5+0", "AP_00010005", [("U+030", 30, 30), ("U-030", -30, 30), ("U+110", 110, 30),
                              ("U-110", -110, 30)]),
    ("9+10+3", "AP_00010009", [("M+060", 60, 0), ("M-060", -60, 0), ("U+090", 90, 30),
                               ("U-090", -90, 30), ("M+180", 180, 0), ("T+000", 0, 90),
                               ("U+180", 180, 30), ("B+000", 0, -30)]),
]


def object_cases(rng):
    """(dict of the C row's fields) for objects"""
    cases = []
    spk = [(30, 0), (-30, 0), (0, 0), (110, 0), (-135, 0), (90, 0), (45, 30), (30, 30),
           (-110, 30), (135, 30), (60, 0), (90, 30), (0, 90), (0, -90), (180, 0)]
    for az, el in spk:
        cases.append(dict(cart=0, a=az, b=el, c=1.0))
    for _ in range(24):
        cases.append(dict(cart=0, a=round(rng.uniform(-180, 180), 3),
                          b=round(rng.uniform(-60, 90), 3), c=1.0))
    for az, el, d in [(45, 45, 1), (20, 10, 0.5), (-70, 20, 1.5), (160, -10, 0.2), (20, 10, 0.0)]:
        cases.append(dict(cart=0, a=az, b=el, c=d))
    cart = [(-1, 1, 0), (1, -1, 0), (0, 1, 0), (-1, -0.36397, 0), (-1, 0, 1), (1, 1, 1),
            (0, 0, 0), (0, 0, 1), (0.5, 0.5, 0.5), (-0.7071, 0.7071, 0.7071), (1.3, 0.2, -0.4)]
    # the object at (45°, 45°) as the profile writes it (BS.2127 section 10)
    from ear.core.objectbased.conversion import point_polar_to_cart
    cart.append(tuple(round(float(v), 6) for v in point_polar_to_cart(45.0, 45.0, 1.0)))
    for x, y, z in cart:
        cases.append(dict(cart=1, a=x, b=y, c=z))
    for _ in range(14):
        cases.append(dict(cart=1, a=round(rng.uniform(-1, 1), 4), b=round(rng.uniform(-1, 1), 4),
                          c=round(rng.uniform(-0.5, 1), 4)))
    # extents
    for az, el, w, h, d in [(0, 0, 20, 0, 0), (30, 10, 60, 20, 0), (-100, 20, 120, 40, 0),
                            (170, 0, 360, 0, 0), (45, 60, 30, 90, 0), (10, 0, 5, 5, 0),
                            (-60, -20, 200, 180, 0), (20, 0, 40, 10, 0.4), (0, 89.999, 90, 90, 0)]:
        cases.append(dict(cart=0, a=az, b=el, c=1.0, w=w, h=h, d=d))
    for x, y, z, w, h, d in [(0, 1, 0, 0.2, 0, 0), (-0.5, 0.3, 0.2, 0.5, 0.5, 0),
                             (0.9, -0.8, 0.6, 1, 1, 1), (0, 0, 0, 0.1, 0.1, 0.1),
                             (0.3, -0.2, 0, 0.05, 0, 0), (-1, 1, 1, 0.75, 0.25, 0.5)]:
        cases.append(dict(cart=1, a=x, b=y, c=z, w=w, h=h, d=d))
    # divergence, channel lock, gain, diffuse
    cases.append(dict(cart=0, a=0, b=0, c=1.0, div=0.5, divr=30))
    cases.append(dict(cart=0, a=-20, b=15, c=1.0, div=1.0, divr=60))
    cases.append(dict(cart=1, a=0, b=1, c=0, div=0.5, divr=1.0))
    cases.append(dict(cart=1, a=0.2, b=-0.4, c=0.3, div=0.3, divr=0.5))
    cases.append(dict(cart=0, a=20, b=5, c=1.0, lock=1, lockd=0))
    cases.append(dict(cart=0, a=80, b=10, c=1.0, lock=1, lockd=0.2))
    cases.append(dict(cart=1, a=-0.6, b=0.7, c=0.1, lock=1, lockd=0))
    cases.append(dict(cart=0, a=15, b=0, c=1.0, gain=0.5, diffuse=0.25))
    # zone exclusion: (kind 1 Cartesian min X Y Z, max X Y Z; kind 2 polar
    # min azimuth, elevation, max azimuth, elevation)
    zones = [(1, (-1.0, -1.0, -1.0), (0.0, 1.0, 1.0)), (1, (-1.0, -1.0, 0.5), (1.0, 1.0, 1.0)),
             (2, (100.0, -10.0, 0.0), (170.0, 10.0, 0.0)), (2, (-180.0, 20.0, 0.0), (180.0, 90.0, 0.0)),
             (1, (-1.0, -0.5, -1.0), (-0.5, 0.5, 1.0))]
    for kind, zmin, zmax in zones:
        for pos in [(0, (30.0, 0.0, 1.0)), (0, (120.0, 20.0, 1.0)), (1, (-0.8, 0.1, 0.0)),
                    (1, (0.3, -0.6, 0.7))]:
            cases.append(dict(cart=pos[0], a=pos[1][0], b=pos[1][1], c=pos[1][2], zone=kind,
                              zmin=zmin, zmax=zmax))
    cases.append(dict(cart=1, a=-0.8, b=0.1, c=0.0, zone=1, zmin=(-1.0, -1.0, -1.0),
                      zmax=(0.0, 1.0, 1.0), lock=1, lockd=0))
    return cases


def ear_object(gc, row):
    if row["cart"]:
        pos = ObjectCartesianPosition(X=float(row["a"]), Y=float(row["b"]), Z=float(row["c"]))
    else:
        pos = ObjectPolarPosition(azimuth=float(row["a"]), elevation=float(row["b"]), distance=float(row["c"]))
    div = None
    if row.get("div"):
        if row["cart"]:
            div = ObjectDivergence(float(row["div"]), positionRange=float(row["divr"]))
        else:
            div = ObjectDivergence(float(row["div"]), azimuthRange=float(row["divr"]))
    lock = None
    if row.get("lock"):
        lock = ChannelLock(maxDistance=float(row["lockd"]) if row["lockd"] > 0 else None)
    zones = []
    if row.get("zone") == 1:
        (x0, y0, z0), (x1, y1, z1) = row["zmin"], row["zmax"]
        zones = [CartesianZone(minX=x0, minY=y0, minZ=z0, maxX=x1, maxY=y1, maxZ=z1)]
    elif row.get("zone") == 2:
        (a0, e0, _), (a1, e1, _) = row["zmin"], row["zmax"]
        zones = [PolarZone(minElevation=e0, maxElevation=e1, minAzimuth=a0, maxAzimuth=a1)]
    bf = AudioBlockFormatObjects(position=pos, zoneExclusion=zones, cartesian=bool(row["cart"]),
                                 width=row.get("w", 0), height=row.get("h", 0),
                                 depth=row.get("d", 0), objectDivergence=div, channelLock=lock,
                                 gain=float(row.get("gain", 1.0)), diffuse=row.get("diffuse", 0.0))
    g = gc.render(ObjectTypeMetadata(block_format=bf, extra_data=ExtraData()))
    return g.direct, g.diffuse


def speaker_cases():
    cases = []
    for label, x, y, z in RC:
        cases.append(dict(kind=1, label=label, cart=1, a=x, b=y, c=z, lfe=int(label == "RC_LFE")))
    cases.append(dict(kind=1, label="RC_LFE", cart=1, a=-1, b=1, c=-1, lfe=0))
    for system, pack, chans in PACKS:
        for label, az, el in chans:
            cases.append(dict(kind=1, label=label, cart=0, a=az, b=el, c=1.0, pack=system,
                              lfe=int(label.startswith("LFE"))))
    for label, az, el in [("M+030", 30, 0), ("urn:itu:bs:2051:0:speaker:M-110", -110, 0),
                          ("LFE", 0, -30), ("X", 20, 0), ("X", 90, 30), ("X", 135, 30),
                          ("X", -60, 0), ("U+045", 45, 30)]:
        cases.append(dict(kind=1, label=label, cart=0, a=az, b=el, c=1.0,
                          lfe=int(label == "LFE")))
    cases.append(dict(kind=1, label="RC_C", cart=1, a=0, b=1, c=0, gain=0.5, lfe=0))
    return cases


def ear_speaker(dsp, row):
    if row["cart"]:
        pos = DirectSpeakerCartesianPosition(bounded_X=BoundCoordinate(float(row["a"])),
                                             bounded_Y=BoundCoordinate(float(row["b"])),
                                             bounded_Z=BoundCoordinate(float(row["c"])))
    else:
        pos = DirectSpeakerPolarPosition(bounded_azimuth=BoundCoordinate(float(row["a"])),
                                         bounded_elevation=BoundCoordinate(float(row["b"])),
                                         bounded_distance=BoundCoordinate(float(row["c"])))
    bf = AudioBlockFormatDirectSpeakers(position=pos, speakerLabel=[row["label"]],
                                        gain=float(row.get("gain", 1.0)))
    packs = None
    if row.get("pack"):
        pid = [p for s, p, _ in PACKS if s == row["pack"]][0]
        packs = [AudioPackFormat(id=pid, is_common_definition=True, audioPackFormatName=pid,
                                 type=TypeDefinition.DirectSpeakers)]
    freq = Frequency(lowPass=120.0) if row["lfe"] else Frequency()
    meta = DirectSpeakersTypeMetadata(block_format=bf, audioPackFormats=packs,
                                      extra_data=ExtraData(channel_frequency=freq))
    return dsp.handle(meta)


# blocks' ramps: (start in seconds, interpolation length in seconds, rate), as
# an axml writes them
RAMPS = [("1.0", "0.005208", 48000), ("0.52", "0.005208", 48000), ("2.00001", "0.005208", 44100),
         ("0.3", "0.02", 96000), ("0.123457", "0.25", 48000), ("5.0", "0.005208", 44100)]


def ramp_rows(out):
    from ear.core.renderer_common import InterpGains
    out.write("/* ramps: start (s), interpolationLength (s), rate; EAR's first and last\n"
              " * frames and its weights at the first, middle and last frame of the ramp */\n")
    out.write("static const ear_ramp ear_ramps[] = {\n")
    for start, length, rate in RAMPS:
        s0 = Fraction(start) * rate
        s1 = s0 + Fraction(length) * rate
        g = InterpGains(s0, s1, None, None)
        p = g._interp_p
        mid = (g.last_sample - g.first_sample) // 2
        out.write("  {%s, %s, %d, %d, %d, %.17g, %d, %.17g, %.17g},\n" % (
            start, length, rate, g.first_sample, g.last_sample, p[0], mid, p[mid], p[-1]))
    out.write("};\n")


# screen edge lock: (kind 0 object / 1 bed channel, cartesian, a, b, c, width,
# label, horizontal, vertical, azimuth bound min, max (None: none))
EDGES = [
    (0, 0, 10.0, 5.0, 1.0, 0.0, None, "left", None, None, None),
    (0, 0, 10.0, 5.0, 1.0, 0.0, None, None, "top", None, None),
    (0, 0, -50.0, -10.0, 1.0, 0.0, None, "right", "bottom", None, None),
    (0, 0, 100.0, 40.0, 0.5, 0.0, None, "left", "top", None, None),
    (0, 0, 0.0, 0.0, 1.0, 40.0, None, "right", None, None, None),
    (0, 1, 0.2, 0.8, 0.1, 0.0, None, "left", None, None, None),
    (0, 1, 0.5, 0.5, 0.5, 0.0, None, "right", "top", None, None),
    (0, 1, -0.3, 1.0, -0.2, 0.0, None, None, "bottom", None, None),
    (0, 1, 0.1, 0.9, 0.6, 0.0, None, None, "top", None, None),
    (0, 1, 0.1, 0.9, 0.0, 0.2, None, "left", None, None, None),
    (1, 0, 20.0, 0.0, 1.0, 0.0, "X", "left", None, None, None),
    (1, 0, 0.0, 10.0, 1.0, 0.0, "X", None, "top", None, None),
    (1, 0, 10.0, 0.0, 1.0, 0.0, "X", "right", None, -40.0, 40.0),
    (1, 0, 30.0, 0.0, 1.0, 0.0, "M+030", "right", None, None, None),
    (1, 1, 0.1, 1.0, 0.0, 0.0, "X", "right", None, None, None),
    (1, 1, -0.5, 1.0, 0.3, 0.0, "X", "left", "top", None, None),
]


def edge_rows(out):
    from ear.fileio.adm.elements import ScreenEdgeLock
    out.write("/* SPDX-License-Identifier: GPL-3.0-or-later */\n")
    out.write("/* Made by bench/adm/ear_tables.py --edges from the EBU ADM Renderer (EAR,\n"
              " * commit 3de5957): its gains for positions with screenEdgeLock (its\n"
              " * default screen), in stemprint's channel order. Do not edit. */\n")
    out.write("/* layout, kind (0 object, 1 bed channel), cartesian, a b c (az el dist or\n"
              " * x y z), width (degrees polar, else of the cube), label, screenEdgeLock\n"
              " * horizontal and vertical (0 none, 1 left, 2 right, 3 top, 4 bottom), the\n"
              " * azimuth's bounds (NAN: none), direct gains */\n")
    out.write("static const ear_edge_row ear_edge_rows[] = {\n")
    codes = {None: 0, "left": 1, "right": 2, "top": 3, "bottom": 4}
    for name, system, names in LAYOUTS:
        layout = bs2051.get_layout(system)
        order = [layout.channel_names.index(n) for n in names.split()]
        gc = GainCalc(layout)
        dsp = DirectSpeakersPanner(layout)
        for kind, cart, a, b, c, w, label, h, v, lo, hi in EDGES:
            lock = ScreenEdgeLock(horizontal=h, vertical=v)
            if kind == 0:
                if cart:
                    pos = ObjectCartesianPosition(X=a, Y=b, Z=c, screenEdgeLock=lock)
                else:
                    pos = ObjectPolarPosition(azimuth=a, elevation=b, distance=c,
                                              screenEdgeLock=lock)
                bf = AudioBlockFormatObjects(position=pos, cartesian=bool(cart), width=w)
                g = gc.render(ObjectTypeMetadata(block_format=bf, extra_data=ExtraData())).direct
            else:
                if cart:
                    pos = DirectSpeakerCartesianPosition(
                        bounded_X=BoundCoordinate(a), bounded_Y=BoundCoordinate(b),
                        bounded_Z=BoundCoordinate(c), screenEdgeLock=lock)
                else:
                    pos = DirectSpeakerPolarPosition(
                        bounded_azimuth=BoundCoordinate(a, min=lo, max=hi),
                        bounded_elevation=BoundCoordinate(b),
                        bounded_distance=BoundCoordinate(c), screenEdgeLock=lock)
                bf = AudioBlockFormatDirectSpeakers(position=pos, speakerLabel=[label])
                meta = DirectSpeakersTypeMetadata(block_format=bf,
                                                  extra_data=ExtraData(channel_frequency=Frequency()))
                g = dsp.handle(meta)
            out.write('  {"%s", %d, %d, %r, %r, %r, %r, %s, %d, %d, %s, %s,\n   {%s}},\n' % (
                name, kind, cart, a, b, c, w, c_str(label), codes[h], codes[v],
                "NAN" if lo is None else repr(lo), "NAN" if hi is None else repr(hi),
                ", ".join("%.8f" % g[i] for i in order)))
    out.write("};\n")


def c_str(s):
    return '"%s"' % s if s is not None else "NULL"


def main():
    import warnings
    warnings.simplefilter("ignore")
    add_custom_layouts()
    if "--edges" in sys.argv:
        edge_rows(sys.stdout)
        return
    rng = np.random.RandomState(2127)
    objects = object_cases(rng)
    speakers = speaker_cases()
    out = sys.stdout
    out.write("/* SPDX-License-Identifier: GPL-3.0-or-later */\n")
    out.write("/* Made by bench/adm/ear_tables.py from the EBU ADM Renderer (EAR,\n"
              " * commit 3de5957): its gains, in stemprint's channel order. Do not edit. */\n")
    out.write("/* layout, kind (0 object, 1 bed channel), cartesian, a b c (az el dist or\n"
              " * x y z), width height depth, divergence and its range, lock and its\n"
              " * distance, gain, diffuse, label, lfe band, pack; zone exclusion (0 none,\n"
              " * 1 Cartesian, 2 polar: min and max of azimuth and elevation), its min and\n"
              " * max; direct and diffuse gains */\n")
    out.write("static const ear_row ear_rows[] = {\n")
    count = 0
    for name, system, names in LAYOUTS:
        layout = bs2051.get_layout(system)
        order = [layout.channel_names.index(n) for n in names.split()]
        gc = GainCalc(layout)
        dsp = DirectSpeakersPanner(layout)
        for row in objects + speakers:
            if row.get("kind"):
                direct = ear_speaker(dsp, row)
                diffuse = np.zeros_like(direct)
            else:
                direct, diffuse = ear_object(gc, row)
            d = ", ".join("%.8f" % direct[i] for i in order)
            f = (",\n   {%s}" % ", ".join("%.8f" % diffuse[i] for i in order)
                 if np.any(diffuse != 0) else ", {0}")
            zmin = row.get("zmin", (0.0, 0.0, 0.0))
            zmax = row.get("zmax", (0.0, 0.0, 0.0))
            out.write('  {"%s", %d, %d, %r, %r, %r, %r, %r, %r, %r, %r, %d, %r, %r, %r, %s, %d, %s,\n'
                      "   %d, {%r, %r, %r}, {%r, %r, %r},\n"
                      "   {%s}%s},\n" % (
                          name, row.get("kind", 0), row["cart"], float(row["a"]), float(row["b"]),
                          float(row["c"]), float(row.get("w", 0)), float(row.get("h", 0)),
                          float(row.get("d", 0)), float(row.get("div", 0)),
                          float(row.get("divr", 0)), row.get("lock", 0),
                          float(row.get("lockd", 0)), float(row.get("gain", 1.0)),
                          float(row.get("diffuse", 0.0)), c_str(row.get("label")),
                          row.get("lfe", 0), c_str(row.get("pack")), row.get("zone", 0),
                          zmin[0], zmin[1], zmin[2], zmax[0], zmax[1], zmax[2], d, f))
            count += 1
    out.write("};\n")
    ramp_rows(out)
    sys.stderr.write("%d rows\n" % count)


if __name__ == "__main__":
    main()
