#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""ADM BWF files stemprint did not write (issue 71), rendered by stemprint and
by the EBU ADM Renderer, by hand.

Writes BS.2076-2 files with a writer of its own (below: the axml as text, the
chna and the WAVE by struct; each in BS.2076-2's structure, its UIDs naming
channel formats, and in BS.2076-1's, "_v1", through track and stream formats), and two with the EAR's generate_test_file
(ear-utils make_test_bwf, its ear/test/data yamls), then renders each into
5.1 (0+5+0) and 7.1.4 (4+7+0) twice: by stemprint (a recipe playing the file
as a track, the master in 32-bit float, no dither) and by the EAR
(ear.cmdline.render_file), and prints each render's worst residual over its
channels. Then `objects: keep`: stemprint keeps the objects of each file of
objects into an ADM master (profile bs2076), and the EAR's render of that
master is held against its render of the file: the kept objects must be the
file's. The EAR writes 24-bit renders: a null is at -138.5 dBFS (its LSB).

Issue 87's files too: a screenEdgeLock on objects (polar, Cartesian) and a
DirectSpeakers channel, plain beds (5.1 labelled L R C Sub Ls Rs, its LFE by
its lowPass alone; a Cartesian 7.1 labelled L .. Rrs; BS.2094's 5.1.4 and
7.1.4 by reference; a 7.1.4 of BS.2051's labels), and what BS.2076-2 and the
EAR refuse (an interpolationLength past its block, a gain on an audioObject
that nests another, one UID on two tracks): both must refuse those.

With --seeds N [FIRST] it writes N random files instead (seeds FIRST, 1 by
default, on): a bed of 5.1, 7.1, 5.1.4 or 7.1.4 named by BS.2051 labels,
plain labels, positions alone, Cartesian positions or the common
definitions, its LFE by label or band; one to three objects, polar or
Cartesian, each with a screenEdgeLock drawn (none, left/right, top/bottom);
maybe a DirectSpeakers channel of its own locked to the screen's edge;
maybe a track the chna gives no UID; one in six of what BS.2076-2 refuses.
Each is rendered by both into 0+5+0 and 4+7+0 (met: within -120 dBFS), or
refused by both (met). The seeds are the ADM generator's: a feature added
here is covered from then on.

Usage: bench/adm/formats.py STEMPRINT EAR_TREE WORKDIR [--seeds N [FIRST]]
  STEMPRINT  the stemprint binary
  EAR_TREE   a tree of github.com/ebu/ebu_adm_renderer (/usr/bin/python3
             with its requirements; python3-soundfile, numpy)
"""
import os
import struct
import subprocess
import sys

import numpy as np
import soundfile as sf

RATE = 48000
FRAMES = 24000
LAYOUTS = {
    "5.1": ("0+5+0", "M+030 M-030 M+000 LFE1 M+110 M-110",
            "L R C LFE Ls Rs"),
    "7.1.4": ("4+7+0", "M+030 M-030 M+000 LFE1 M+090 M-090 M+135 M-135 U+045 U-045 U+135 U-135",
              "L R C LFE Ls Rs Lrs Rrs Ltf Rtf Ltr Rtr"),
}
# stemprint's channel order for each layout (its 7.1.4: L R C LFE Lrs Rrs Ls Rs ...)
OURS = {"5.1": "L R C LFE Ls Rs", "7.1.4": "L R C LFE Lrs Rrs Ls Rs Ltf Rtf Ltr Rtr"}


def block(kind, k, rtime, dur, body):
    return ('<audioBlockFormat audioBlockFormatID="AB_%s_%08x" rtime="%s" duration="%s">%s'
            '</audioBlockFormat>' % (kind, k, rtime, dur, body))


def lock(edge):
    """a position's screenEdgeLock attribute ("" for none)"""
    return ' screenEdgeLock="%s"' % edge if edge else ""


def polar(az, el, d=1.0, w=0.0, h=0.0, dp=0.0, extra="", lh=None, lv=None):
    return ('<position coordinate="azimuth"%s>%g</position><position coordinate="elevation"%s>%g'
            '</position><position coordinate="distance">%g</position><width>%g</width>'
            '<height>%g</height><depth>%g</depth>%s'
            % (lock(lh), az, lock(lv), el, d, w, h, dp, extra))


def cart(x, y, z, w=0.0, h=0.0, dp=0.0, extra="", lh=None, lv=None):
    return ('<cartesian>1</cartesian><position coordinate="X"%s>%g</position><position '
            'coordinate="Y">%g</position><position coordinate="Z"%s>%g</position><width>%g</width>'
            '<height>%g</height><depth>%g</depth>%s'
            % (lock(lh), x, y, lock(lv), z, w, h, dp, extra))


def ds_body(spec):
    """a DirectSpeakers block's inside: spec (label, az, el, lfe), or a dict
    of label (None: none), polar (az, el) or cart (x, y, z), lh, lv (its
    screenEdgeLock), gain"""
    if not isinstance(spec, dict):
        label, az, el, _ = spec
        spec = dict(label=label, polar=(az, el))
    body = "<speakerLabel>%s</speakerLabel>" % spec["label"] if spec.get("label") else ""
    if "cart" in spec:
        x, y, z = spec["cart"]
        body += ('<cartesian>1</cartesian><position coordinate="X"%s>%g</position><position '
                 'coordinate="Y">%g</position><position coordinate="Z"%s>%g</position>'
                 % (lock(spec.get("lh")), x, y, lock(spec.get("lv")), z))
    else:
        az, el = spec["polar"]
        body += ('<position coordinate="azimuth"%s>%g</position><position '
                 'coordinate="elevation"%s>%g</position>'
                 % (lock(spec.get("lh")), az, lock(spec.get("lv")), el))
    if spec.get("gain", 1.0) != 1.0:
        body += "<gain>%g</gain>" % spec["gain"]
    return body


def ds_lfe(spec):
    return spec[3] if not isinstance(spec, dict) else spec.get("lfe", False)


def bs2076(items, v2=True, extra=None):
    """axml and chna entries of items: (kind, pack name, [(channel name, [blocks]
    or a DirectSpeakers block's spec, ds_body's)]); each track's UID names its
    channel format (BS.2076-2), or with v2 false its track format, of a
    stream format of the channel format (BS.2076-1's structure); each item a
    pack of its own. kind "Common" is a pack of BS.2094's common definitions
    given by reference (its name the pack's ID, each channel's the
    AC_0001xxxx it is): none of its formats in the axml. extra (a dict): "parent_gain"
    nests the first item's audioObject in one with a gain; "uid_twice" gives
    the last UID to the first track too."""
    extra = extra or {}
    packs, chans, uids, objs, chna, streams = [], [], [], [], [], []
    track = 0
    for n, (kind, name, channels) in enumerate(items):
        yyyy = "0001" if kind in ("DirectSpeakers", "Common") else "0003"
        ap = name if kind == "Common" else "AP_%s%04x" % (yyyy, 0x1001 + n)
        refs = ""
        tref = ""
        for name_c, blocks in channels:
            track += 1
            ac = name_c if kind == "Common" else "AC_%s%04x" % (yyyy, 0x1000 + track)
            refs += "<audioChannelFormatIDRef>%s</audioChannelFormatIDRef>" % ac
            if kind == "DirectSpeakers":
                freq = ('<frequency typeDefinition="lowPass">120</frequency>' if ds_lfe(blocks)
                        else "")
                body = block(ac[3:], 1, "00:00:00.00000", "00:00:00.50000", ds_body(blocks))
                chans.append('<audioChannelFormat audioChannelFormatID="%s" '
                             'audioChannelFormatName="%s" typeDefinition="DirectSpeakers">%s%s'
                             '</audioChannelFormat>' % (ac, name_c, freq, body))
            elif kind == "Common":
                pass
            else:
                chans.append('<audioChannelFormat audioChannelFormatID="%s" '
                             'audioChannelFormatName="%s" typeDefinition="Objects">%s'
                             '</audioChannelFormat>'
                             % (ac, name_c, "".join(block(ac[3:], i + 1, b[0], b[1], b[2])
                                                    for i, b in enumerate(blocks))))
            uid = "ATU_%08x" % track
            at, as_ = "AT_%s_01" % ac[3:], "AS_%s" % ac[3:]
            ref = "audioChannelFormatIDRef" if v2 else "audioTrackFormatIDRef"
            if kind == "Common":  # by reference: its track format, the common definitions'
                ref = "audioTrackFormatIDRef"
            uids.append('<audioTrackUID UID="%s"><%s>%s</%s><audioPackFormatIDRef>%s'
                        '</audioPackFormatIDRef></audioTrackUID>'
                        % (uid, ref, ac if v2 and kind != "Common" else at, ref, ap))
            if not v2 and kind != "Common":
                streams.append('<audioStreamFormat audioStreamFormatID="%s" audioStreamFormat'
                               'Name="s" formatDefinition="PCM"><audioChannelFormatIDRef>%s</audioChannelFormatIDRef>'
                               '<audioTrackFormatIDRef>%s</audioTrackFormatIDRef>'
                               '</audioStreamFormat><audioTrackFormat audioTrackFormatID="%s" '
                               'audioTrackFormatName="t" formatDefinition="PCM"><audioStreamFormatIDRef>%s'
                               '</audioStreamFormatIDRef></audioTrackFormat>'
                               % (as_, ac, at, at, as_))
            tref += "<audioTrackUIDRef>%s</audioTrackUIDRef>" % uid
            # BS.2088-1: the channel format, as the UID names it, or its track format
            chna.append((track, uid, ac if v2 and kind != "Common" else at, ap))
        if kind != "Common":
            packs.append('<audioPackFormat audioPackFormatID="%s" audioPackFormatName="%s" '
                         'typeDefinition="%s">%s</audioPackFormat>' % (ap, name, kind, refs))
        objs.append('<audioObject audioObjectID="AO_%04x" audioObjectName="%s">'
                    '<audioPackFormatIDRef>%s</audioPackFormatIDRef>%s</audioObject>'
                    % (0x1001 + n, name, ap, tref))
    top = ["AO_%04x" % (0x1001 + n) for n in range(len(items))]
    if extra.get("parent_gain"):  # BS.2076-2 has no gain on an object that nests others
        objs.append('<audioObject audioObjectID="AO_2001" audioObjectName="parent"><gain>%g'
                    '</gain><audioObjectIDRef>%s</audioObjectIDRef></audioObject>'
                    % (extra["parent_gain"], top[0]))
        top[0] = "AO_2001"
    if extra.get("uid_twice"):  # BS.2088 gives a UID one track
        chna.append((1,) + chna[-1][1:])
    content = "".join("<audioObjectIDRef>%s</audioObjectIDRef>" % t for t in top)
    axml = ('<?xml version="1.0" encoding="UTF-8"?><ebuCoreMain '
            'xmlns="urn:ebu:metadata-schema:ebuCore_2016"><coreMetadata><format>'
            '<audioFormatExtended version="ITU-R_BS.2076-2"><audioProgramme '
            'audioProgrammeID="APR_1001" audioProgrammeName="formats"><audioContentIDRef>'
            'ACO_1001</audioContentIDRef></audioProgramme><audioContent audioContentID='
            '"ACO_1001" audioContentName="c">%s</audioContent>%s%s%s%s</audioFormatExtended>'
            '</format></coreMetadata></ebuCoreMain>'
            % (content, "".join(objs), "".join(packs), "".join(chans),
               "".join(streams) + "".join(uids)))
    return axml, chna, track


def write_bwf(path, axml, chna, tracks, frames=FRAMES):
    """A RIFF WAVE of tracks 24-bit tracks: fmt, chna, axml (none when None), data of a
    noise each track."""
    rng = np.random.default_rng(tracks)
    # a sum of them under full scale (the EAR writes 24-bit: a render past it clips)
    peak = min(0.25, 0.9 / tracks)
    x = rng.uniform(-peak, peak, (frames, tracks))
    codes = np.round(x * 8388607).astype("<i4")
    data = b"".join(int(c).to_bytes(3, "little", signed=True) for c in codes.reshape(-1))
    fmt = struct.pack("<HHIIHH", 1, tracks, RATE, RATE * 3 * tracks, 3 * tracks, 24)
    # numTracks: the tracks the UIDs name (a track of none is not counted)
    ch = struct.pack("<HH", len({t for t, _, _, _ in chna}), len(chna)) + b"".join(
        struct.pack("<H12s14s11sx", t, u.encode(), a.encode(), p.encode())
        for t, u, a, p in chna)
    chunks = [(b"fmt ", fmt), (b"chna", ch)]
    if axml is not None:
        chunks.append((b"axml", axml.encode()))
    chunks.append((b"data", data))
    body = b"WAVE" + b"".join(c + struct.pack("<I", len(d)) + d + (b"\0" if len(d) % 2 else b"")
                              for c, d in chunks)
    open(path, "wb").write(b"RIFF" + struct.pack("<I", len(body)) + body)


def bed51():
    return ("DirectSpeakers", "bed", [
        ("L", ("M+030", 30, 0, False)), ("R", ("urn:itu:bs:2051:0:speaker:M-030", -30, 0, False)),
        ("C", ("M+000", 0, 0, False)), ("LFE", ("LFE1", 0, -30, True)),
        ("Ls", ("M+110", 110, 0, False)), ("Rs", ("M-110", -110, 0, False))])


T0, T1, T2 = "00:00:00.00000", "00:00:00.25000", "00:00:00.50000"
FILES = {
    # a 5.1 bed of BS.2051's labels, every track's UID naming its channel format
    "bs2051_bed": [bed51()],
    # polar objects with width, height and depth each their own, moving
    "polar_extent": [("Objects", "p", [("p", [
        (T0, T1, polar(20, 10, 1, 40, 15, 0.2)),
        (T1, T1, polar(-70, 30, 1, 90, 45, 0.0))])]),
        ("Objects", "q", [("q", [(T0, T2, polar(120, 0, 1, 0, 60, 0))])])],
    # Cartesian objects with width, height and depth each their own
    "cart_extent": [("Objects", "c", [("c", [
        (T0, T1, cart(0.3, 0.6, 0.2, 0.2, 0.5, 0.1)),
        (T1, T1, cart(-0.8, -0.2, 0.7, 0.6, 0.1, 0.4,
                      '<jumpPosition interpolationLength="0.01">1</jumpPosition>'))])])],
    # a bed and objects, polar and Cartesian
    "mixed": [bed51(), ("Objects", "o", [("o", [(T0, T2, polar(45, 20, 1, 30, 10, 0.3))])]),
              ("Objects", "k", [("k", [(T0, T2, cart(-0.5, 0.5, 0.0, 0.1, 0.3, 0.5))])])],
}


# issue 87: plain beds (by label, position, band), BS.2094's 5.1.4 and 7.1.4
# by reference, screenEdgeLock, and what BS.2076-2 (and the EAR) refuse
BEDS = {
    # layout: (BS.2051 labels, plain labels, polar positions, Cartesian positions)
    "5.1": ("M+030 M-030 M+000 LFE1 M+110 M-110", "L R C LFE Ls Rs",
            [(30, 0), (-30, 0), (0, 0), (0, -30), (110, 0), (-110, 0)],
            [(-1, 1, 0), (1, 1, 0), (0, 1, 0), (-1, 1, -1), (-1, -1, 0), (1, -1, 0)]),
    "7.1": ("M+030 M-030 M+000 LFE1 M+090 M-090 M+135 M-135", "L R C LFE Ls Rs Lrs Rrs",
            [(30, 0), (-30, 0), (0, 0), (0, -30), (90, 0), (-90, 0), (135, 0), (-135, 0)],
            [(-1, 1, 0), (1, 1, 0), (0, 1, 0), (-1, 1, -1), (-1, 0, 0), (1, 0, 0), (-1, -1, 0),
             (1, -1, 0)]),
    "5.1.4": ("M+030 M-030 M+000 LFE1 M+110 M-110 U+030 U-030 U+110 U-110",
              "L R C LFE Ls Rs Ltf Rtf Ltr Rtr",
              [(30, 0), (-30, 0), (0, 0), (0, -30), (110, 0), (-110, 0), (30, 30), (-30, 30),
               (110, 30), (-110, 30)],
              [(-1, 1, 0), (1, 1, 0), (0, 1, 0), (-1, 1, -1), (-1, -1, 0), (1, -1, 0),
               (-1, 1, 1), (1, 1, 1), (-1, -1, 1), (1, -1, 1)]),
    "7.1.4": ("M+030 M-030 M+000 LFE1 M+090 M-090 M+135 M-135 U+045 U-045 U+135 U-135",
              "L R C LFE Ls Rs Lrs Rrs Ltf Rtf Ltr Rtr",
              [(30, 0), (-30, 0), (0, 0), (0, -30), (90, 0), (-90, 0), (135, 0), (-135, 0),
               (45, 30), (-45, 30), (135, 30), (-135, 30)],
              [(-1, 1, 0), (1, 1, 0), (0, 1, 0), (-1, 1, -1), (-1, 0, 0), (1, 0, 0),
               (-1, -1, 0), (1, -1, 0), (-1, 1, 1), (1, 1, 1), (-1, -1, 1), (1, -1, 1)]),
}
COMMON = {"5.1": ("AP_00010003", [1, 2, 3, 4, 5, 6]),
          "7.1": ("AP_0001000f", [1, 2, 3, 4, 0xa, 0xb, 0x1c, 0x1d]),
          "5.1.4": ("AP_00010005", [1, 2, 3, 4, 5, 6, 0xd, 0xf, 0x10, 0x12]),
          "7.1.4": ("AP_00010017", [1, 2, 3, 4, 0xa, 0xb, 0x1c, 0x1d, 0x22, 0x23, 0x1e, 0x1f])}


def bed(layout, how, lfe_by_band=False):
    """a DirectSpeakers bed of layout, its channels named how: "bs2051"
    (BS.2051 labels at their positions), "plain" (L R C ... at BS.2051's
    positions), "position" (no label), "cartesian" (plain labels at the
    room's Cartesian corners), "common" (BS.2094's pack by reference);
    lfe_by_band: the LFE labelled Sub, told by its lowPass alone"""
    if how == "common":
        ap, chans = COMMON[layout]
        return ("Common", ap, [("AC_0001%04x" % c, None) for c in chans])
    labels, plain, pol, car = BEDS[layout]
    chans = []
    for k, (lab, pl) in enumerate(zip(labels.split(), plain.split())):
        lfe = lab == "LFE1"
        spec = dict(lfe=lfe)
        spec["label"] = {"bs2051": lab, "plain": pl, "position": None, "cartesian": pl}[how]
        if lfe and lfe_by_band:
            spec["label"] = "Sub"
        if how == "cartesian":
            spec["cart"] = car[k]
        else:
            spec["polar"] = pol[k]
        chans.append((pl, spec))
    return ("DirectSpeakers", "bed", chans)


FILES.update({
    "screen_lock": [
        ("Objects", "sl", [("sl", [(T0, T2, polar(10, 5, lh="left", lv="top"))])]),
        ("Objects", "sc", [("sc", [(T0, T2, cart(0.2, 0.8, 0.1, lh="right"))])]),
        ("DirectSpeakers", "sd", [("sd", dict(label="X", polar=(10, 0), lh="right"))])],
    "plain_5.1_sub": [bed("5.1", "plain", lfe_by_band=True)],
    "cart_7.1": [bed("7.1", "cartesian")],
    "common_5.1.4": [bed("5.1.4", "common")],
    "common_7.1.4": [bed("7.1.4", "common")],
    "bs2051_7.1.4": [bed("7.1.4", "bs2051")],
})
# what BS.2076-2 and the EAR refuse: both must refuse it, with a reason
BAD = {
    "bad_interp": ([("Objects", "o", [("o", [
        (T0, T1, polar(0, 0)),
        (T1, T1, polar(30, 0, extra='<jumpPosition interpolationLength="0.3">1</jumpPosition>'))])])],
        {}),
    "bad_parent_gain": ([("Objects", "o", [("o", [(T0, T2, polar(0, 0))])])], dict(parent_gain=0.5)),
    "bad_uid_twice": ([("Objects", "o", [("o", [(T0, T2, polar(0, 0))])]),
                       ("Objects", "p", [("p", [(T0, T2, polar(30, 0))])])], dict(uid_twice=True)),
}


def random_file(seed):
    """seed's file: (items, extra, spare tracks with no UID, refused): a bed of
    a layout and a naming drawn, objects polar or Cartesian with screenEdgeLock
    drawn, maybe a DirectSpeakers channel of its own locked to the screen, a
    track the chna gives no UID; one in six is of what BS.2076-2 refuses"""
    rng = np.random.default_rng(seed)
    layout = str(rng.choice(list(BEDS)))
    how = str(rng.choice(["bs2051", "plain", "position", "cartesian", "common"]))
    items = [bed(layout, how, lfe_by_band=bool(rng.integers(2)) and how != "common")]
    edges_h, edges_v = [None, None, "left", "right"], [None, None, "top", "bottom"]
    for k in range(int(rng.integers(1, 4))):
        lh, lv = edges_h[rng.integers(4)], edges_v[rng.integers(4)]
        if rng.integers(2):
            body = polar(round(float(rng.uniform(-180, 180)), 2),
                         round(float(rng.uniform(-30, 60)), 2), lh=lh, lv=lv)
        else:
            body = cart(*(round(float(v), 3) for v in rng.uniform(-1, 1, 3)), lh=lh, lv=lv)
        items.append(("Objects", "o%d" % k, [("o%d" % k, [(T0, T2, body)])]))
    if rng.integers(2):
        spec = dict(label="X", polar=(round(float(rng.uniform(-60, 60)), 2), 0),
                    lh=edges_h[rng.integers(2, 4)])
        items.append(("DirectSpeakers", "x", [("x", spec)]))
    spare = int(rng.integers(2))
    bad = rng.integers(6) == 0
    extra = {}
    if bad:
        extra = [dict(parent_gain=0.5), dict(uid_twice=True)][int(rng.integers(2))]
    what = "%s %s%s" % (layout, how, " (LFE by band)" if items[0][0] != "Common" and any(
        isinstance(c[1], dict) and c[1].get("label") == "Sub" for c in items[0][2]) else "")
    return items, extra, spare, bad, what


KEEP = ("polar_extent", "cart_extent", "polar_extent_v1", "cart_extent_v1", "ear_test_v2_meta")


def ear_render(env, path, system, out):
    r = subprocess.run(["/usr/bin/python3", "-m", "ear.cmdline.render_file", "-s", system, path,
                        out], env=env, capture_output=True, text=True)
    return r.returncode == 0, r.stderr.strip().splitlines()[-1:] if r.returncode else []


def ours_render(stemprint, work, name, path, layout, keep=False):
    out = os.path.join(work, "out_%s_%s%s" % (name, layout, "_keep" if keep else ""))
    if keep and os.path.exists(os.path.join(out, "mix_adm.wav")):
        return out, None
    recipe = os.path.join(work, "r_%s_%s%s.yaml" % (name, layout, "_keep" if keep else ""))
    adm = "adm: {profile: bs2076}" if keep else ""
    depth = "24" if keep else "32f"  # an ADM master is 24-bit; the sources are
    open(recipe, "w").write(
        "stemprint: 1\nsample_rate: 48 kHz\ntracks:\n  src: {file: %s, layout: %s%s}\n"
        "master: {layout: %s%s}\noutput: {dir: %s, depth: %s, dither: none}\n"
        % (path, layout, ", objects: keep" if keep else "", layout, ", " + adm if adm else "",
           out, depth))
    r = subprocess.run([stemprint, "render", "--force", recipe], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        return None, (r.stderr.strip().splitlines() or ["?"])[-1]
    return out, None


def residual(ear, ours, layout):
    e, _ = sf.read(ear, always_2d=True, dtype="float64")
    s, _ = sf.read(ours, always_2d=True, dtype="float64")
    ear_names = LAYOUTS[layout][2].split()
    worst = -999.0
    for c, nm in enumerate(OURS[layout].split()):
        d = np.max(np.abs(s[:len(e), c] - e[:len(s), ear_names.index(nm)]))
        worst = max(worst, 20 * np.log10(d) if d > 0 else -999.0)
    return worst


def same(a, b):
    """the worst difference of two renders of the EAR's, in dBFS"""
    x, _ = sf.read(a, always_2d=True, dtype="float64")
    y, _ = sf.read(b, always_2d=True, dtype="float64")
    d = np.max(np.abs(x - y)) if x.shape == y.shape else float("inf")
    return 20 * np.log10(d) if d > 0 else -999.0


def seeds(stemprint, env, work, first, count):
    """random_file's seeds first .. first + count - 1, each rendered by both
    into 0+5+0 and 4+7+0 (or refused by both, as BS.2076-2 has it)"""
    met = 0
    for seed in range(first, first + count):
        items, extra, spare, bad, bed_what = random_file(seed)
        axml, chna, tracks = bs2076(items, True, extra)
        path = os.path.join(work, "seed%d.wav" % seed)
        write_bwf(path, axml, chna, tracks + spare)
        locks = sum(b[2].count("screenEdgeLock") for _, _, ch in items[1:] for _, bl in ch
                    if isinstance(bl, list) for b in bl) + sum(
            1 for _, _, ch in items[1:] for _, bl in ch if isinstance(bl, dict) and bl.get("lh"))
        what = "%s, %d more items, %d locks%s%s" % (
            bed_what, len(items) - 1, locks, ", a track of no UID" if spare else "",
            ", " + ",".join(extra) if extra else "")
        worst, said = -999.0, ""
        for layout, (system, _, _) in LAYOUTS.items():
            ear = os.path.join(work, "ear_seed%d_%s.wav" % (seed, layout))
            ok, esaid = ear_render(env, path, system, ear)
            out, err = ours_render(stemprint, work, "seed%d" % seed, path, layout)
            if bad:
                said = "refused by both" if not ok and err else (
                    "stemprint: %s; EAR: %s" % (err or "renders", esaid or "renders"))
                break
            if err or not ok:
                said = "stemprint: %s; EAR: %s" % (err or "renders", "renders" if ok else esaid)
                worst = 999.0
                break
            worst = max(worst, residual(ear, os.path.join(out, "mix.wav"), layout))
        good = said == "refused by both" if bad else worst < -120
        met += good
        print("seed %-4d %-4s %s: %s" % (seed, "met" if good else "MISS", what,
                                         said or "%.1f dBFS" % worst))
    print("%d of %d seeds met" % (met, count))


def main():
    args = sys.argv[1:]
    count = 0
    if "--seeds" in args:
        i = args.index("--seeds")
        count, first = int(args[i + 1]), int(args[i + 2]) if len(args) > i + 2 else 1
        args = args[:i]
    if len(args) != 3:
        sys.exit(__doc__)
    stemprint, ear_tree, work = (os.path.abspath(a) for a in args)
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=ear_tree + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if count:
        seeds(stemprint, env, work, first, count)
        return
    files = {}
    for name, items in FILES.items():
        for v2 in (True, False):
            axml, chna, tracks = bs2076(items, v2)
            files[name + ("" if v2 else "_v1")] = os.path.join(work, name + ("" if v2 else "_v1")
                                                                + ".wav")
            write_bwf(files[name + ("" if v2 else "_v1")], axml, chna, tracks)
    # a chna alone, of the common definitions (a 5.1 bed, AP_00010003)
    files["chna_alone"] = os.path.join(work, "chna_alone.wav")
    write_bwf(files["chna_alone"], None,
              [(k + 1, "ATU_%08x" % (k + 1), "AT_0001000%d_01" % (k + 1), "AP_00010003")
               for k in range(6)], 6)
    # the EAR's own test files
    data = os.path.join(ear_tree, "ear", "test", "data")
    for yaml, tracks in (("test_v2_meta", 1), ("test", 4)):
        wav = os.path.join(work, "in%d.wav" % tracks)
        # a quarter of a second: the yamls' blocks' span
        sf.write(wav, np.random.default_rng(tracks).uniform(-0.5, 0.5, (12000, tracks)), RATE,
                 subtype="PCM_24")
        files["ear_" + yaml] = os.path.join(work, "ear_%s.wav" % yaml)
        subprocess.run(["/usr/bin/python3", "-m", "ear.cmdline.utils", "make_test_bwf", "-i", wav,
                        "-m", os.path.join(data, yaml + ".yaml"), files["ear_" + yaml]],
                       env=env, check=True)
    for name, (items, extra) in BAD.items():
        files[name] = os.path.join(work, name + ".wav")
        axml, chna, tracks = bs2076(items, True, extra)
        write_bwf(files[name], axml, chna, tracks)
    for name, path in files.items():
        if name in BAD:
            ok, said = ear_render(env, path, "0+5+0", os.path.join(work, "ear_%s.wav" % name))
            out, err = ours_render(stemprint, work, name, path, "5.1")
            print("%-18s refused: stemprint %s; EAR %s" % (
                name, "yes (%s)" % err if err else "NO", "yes" if not ok else "NO"))
            continue
        for layout, (system, _, _) in LAYOUTS.items():
            ear = os.path.join(work, "ear_%s_%s.wav" % (name, layout))
            ok, said = ear_render(env, path, system, ear)
            out, err = ours_render(stemprint, work, name, path, layout)
            if err or not ok:
                print("%-18s %-6s stemprint: %s; EAR: %s" % (name, layout, err or "renders",
                                                              "renders" if ok else said))
                continue
            line = "%-18s %-6s render: %7.1f dBFS" % (name, layout,
                                                      residual(ear, os.path.join(out, "mix.wav"),
                                                               layout))
            # the objects kept into an ADM master, rendered by the EAR (files
            # of objects alone: a bed is rendered into the master's, whose
            # channels stemprint labels as the Dolby profile does, RC_L ...)
            if name not in KEEP:
                print(line)
                continue
            kout, kerr = ours_render(stemprint, work, name, path, "5.1", keep=True)
            kept = os.path.join(kout, "mix_adm.wav") if kout else None
            if kerr or not os.path.exists(kept):
                line += "; keep: %s" % (kerr or "no mix_adm.wav")
            else:
                kear = os.path.join(work, "ear_kept_%s_%s.wav" % (name, layout))
                ok, said = ear_render(env, kept, system, kear)
                line += ("; kept, by the EAR: %7.1f dBFS" % same(kear, ear)
                         if ok else "; kept: EAR %s" % said)
            print(line)


if __name__ == "__main__":
    main()
