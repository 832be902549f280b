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

Usage: bench/adm/formats.py STEMPRINT EAR_TREE WORKDIR
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


def polar(az, el, d=1.0, w=0.0, h=0.0, dp=0.0, extra=""):
    return ('<position coordinate="azimuth">%g</position><position coordinate="elevation">%g'
            '</position><position coordinate="distance">%g</position><width>%g</width>'
            '<height>%g</height><depth>%g</depth>%s' % (az, el, d, w, h, dp, extra))


def cart(x, y, z, w=0.0, h=0.0, dp=0.0, extra=""):
    return ('<cartesian>1</cartesian><position coordinate="X">%g</position><position '
            'coordinate="Y">%g</position><position coordinate="Z">%g</position><width>%g</width>'
            '<height>%g</height><depth>%g</depth>%s' % (x, y, z, w, h, dp, extra))


def bs2076(items, v2=True):
    """axml and chna entries of items: (kind, pack name, [(channel name, [blocks]
    or (label, az, el, lfe))]); each track's UID names its channel format
    (BS.2076-2), or with v2 false its track format, of a stream format of
    the channel format (BS.2076-1's structure); each item a pack of its own."""
    packs, chans, uids, objs, chna, streams = [], [], [], [], [], []
    track = 0
    for n, (kind, name, channels) in enumerate(items):
        yyyy = "0001" if kind == "DirectSpeakers" else "0003"
        ap = "AP_%s%04x" % (yyyy, 0x1001 + n)
        refs = ""
        tref = ""
        for name_c, blocks in channels:
            track += 1
            ac = "AC_%s%04x" % (yyyy, 0x1000 + track)
            refs += "<audioChannelFormatIDRef>%s</audioChannelFormatIDRef>" % ac
            if kind == "DirectSpeakers":
                label, az, el, lfe = blocks
                freq = '<frequency typeDefinition="lowPass">120</frequency>' if lfe else ""
                body = block(ac[3:], 1, "00:00:00.00000", "00:00:00.50000",
                             "<speakerLabel>%s</speakerLabel><position coordinate=\"azimuth\">%g"
                             "</position><position coordinate=\"elevation\">%g</position>"
                             % (label, az, el))
                chans.append('<audioChannelFormat audioChannelFormatID="%s" '
                             'audioChannelFormatName="%s" typeDefinition="DirectSpeakers">%s%s'
                             '</audioChannelFormat>' % (ac, name_c, freq, body))
            else:
                chans.append('<audioChannelFormat audioChannelFormatID="%s" '
                             'audioChannelFormatName="%s" typeDefinition="Objects">%s'
                             '</audioChannelFormat>'
                             % (ac, name_c, "".join(block(ac[3:], i + 1, b[0], b[1], b[2])
                                                    for i, b in enumerate(blocks))))
            uid = "ATU_%08x" % track
            at, as_ = "AT_%s_01" % ac[3:], "AS_%s" % ac[3:]
            ref = "audioChannelFormatIDRef" if v2 else "audioTrackFormatIDRef"
            uids.append('<audioTrackUID UID="%s"><%s>%s</%s><audioPackFormatIDRef>%s'
                        '</audioPackFormatIDRef></audioTrackUID>'
                        % (uid, ref, ac if v2 else at, ref, ap))
            if not v2:
                streams.append('<audioStreamFormat audioStreamFormatID="%s" audioStreamFormat'
                               'Name="s" formatDefinition="PCM"><audioChannelFormatIDRef>%s</audioChannelFormatIDRef>'
                               '<audioTrackFormatIDRef>%s</audioTrackFormatIDRef>'
                               '</audioStreamFormat><audioTrackFormat audioTrackFormatID="%s" '
                               'audioTrackFormatName="t" formatDefinition="PCM"><audioStreamFormatIDRef>%s'
                               '</audioStreamFormatIDRef></audioTrackFormat>'
                               % (as_, ac, at, at, as_))
            tref += "<audioTrackUIDRef>%s</audioTrackUIDRef>" % uid
            # BS.2088-1: the channel format, as the UID names it, or its track format
            chna.append((track, uid, ac if v2 else at, ap))
        packs.append('<audioPackFormat audioPackFormatID="%s" audioPackFormatName="%s" '
                     'typeDefinition="%s">%s</audioPackFormat>' % (ap, name, kind, refs))
        objs.append('<audioObject audioObjectID="AO_%04x" audioObjectName="%s">'
                    '<audioPackFormatIDRef>%s</audioPackFormatIDRef>%s</audioObject>'
                    % (0x1001 + n, name, ap, tref))
    content = "".join("<audioObjectIDRef>AO_%04x</audioObjectIDRef>" % (0x1001 + n)
                      for n in range(len(items)))
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
    x = rng.uniform(-0.25, 0.25, (frames, tracks))  # a sum of them under full scale
    codes = np.round(x * 8388607).astype("<i4")
    data = b"".join(int(c).to_bytes(3, "little", signed=True) for c in codes.reshape(-1))
    fmt = struct.pack("<HHIIHH", 1, tracks, RATE, RATE * 3 * tracks, 3 * tracks, 24)
    ch = struct.pack("<HH", tracks, len(chna)) + b"".join(
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


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    stemprint, ear_tree, work = (os.path.abspath(a) for a in sys.argv[1:])
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=ear_tree + os.pathsep + os.environ.get("PYTHONPATH", ""))
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
    for name, path in files.items():
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
