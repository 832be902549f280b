#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The MIDI parts of bench/ardour/interop_midi.sh's session, as Standard MIDI
Files, and their placing into the session Ardour built.

  midi_parts.py write DIR          keys.mid, lead.mid, drums.mid into DIR
  midi_parts.py inject SESSION DIR  each MIDI source of SESSION/sp.ardour
                                    (an empty one bounced by midi_session.lua,
                                    named after its track) replaced by the
                                    track's part, its Empty flag dropped; the
                                    routes' outputs wired as WIRING says

Ardour 7.3's Lua cannot import MIDI; midi_session.lua bounces an empty MIDI
track to get a source and its regions, and the file is swapped here after
Ardour closed the session (Ardour reads a source's events in beats: the
file's tempo map is not read).

The parts (960 ticks a quarter note, format 1):
  keys   General MIDI piano (bank 0, program 0), volume 100 and pan 50 at the
         start, a four-note chord a bar with the sustain pedal down under it
         and lifted just before the next; bars of the second half a fifth up
  lead   a melody of 16 beats, legato (notes overlapping by a 32nd), velocities
         from 60 to 120, some notes off the grid by odd ticks
  drums  one bar: kick (36) on 1 and 3, snare (38) on 2 and 4, closed hat (42)
         on eighths, General MIDI's drum channel (10)
"""
import os
import re
import struct
import sys

PPQN = 960


def vlq(n):
    b = [n & 0x7F]
    n >>= 7
    while n:
        b.append(0x80 | (n & 0x7F))
        n >>= 7
    return bytes(reversed(b))


def smf(path, tracks, name_first=None):
    """tracks: lists of (tick, bytes); a file of format 1, a tempo track first."""
    chunks = []
    meta = [(0, b"\xff\x51\x03\x07\xa1\x20"), (0, b"\xff\x58\x04\x04\x02\x18\x08")]
    for ev in [meta] + tracks:
        ev = sorted(ev, key=lambda e: e[0])  # stable: the order written at one tick
        data, last = b"", 0
        for t, m in ev:
            data += vlq(t - last) + m
            last = t
        data += vlq(0) + b"\xff\x2f\x00"
        chunks.append(b"MTrk" + struct.pack(">I", len(data)) + data)
    head = b"MThd" + struct.pack(">IHHH", 6, 1, len(chunks), PPQN)
    with open(path, "wb") as f:
        f.write(head + b"".join(chunks))


def note(ev, ch, on, length, key, vel, off_vel=64):
    ev.append((on, bytes([0x90 | ch, key, vel])))
    ev.append((on + length, bytes([0x80 | ch, key, off_vel])))


def keys():
    ev = [(0, b"\xb0\x00\x00"), (0, b"\xb0\x20\x00"), (0, b"\xc0\x00"),
          (0, b"\xb0\x07\x64"), (0, b"\xb0\x0a\x32")]
    chords = [(60, 64, 67, 72), (57, 60, 64, 69), (53, 57, 60, 65), (55, 59, 62, 67)]
    for bar in range(4):
        t = bar * 4 * PPQN
        up = 7 if bar >= 2 else 0
        for i, k in enumerate(chords[bar]):
            note(ev, 0, t + 10 * i, 2 * PPQN, k + up, 70 + 8 * i)
        note(ev, 0, t + 2 * PPQN, PPQN, chords[bar][0] + 12 + up, 90)
        ev.append((t + 1, b"\xb0\x40\x7f"))
        ev.append((t + 4 * PPQN - 1, b"\xb0\x40\x00"))
    return [ev]


def lead():
    ev = []
    melody = [(0, 72), (1, 74), (2, 76), (3, 79), (4, 77), (5, 76), (6, 74), (7, 72),
              (8, 71), (9, 72), (10, 74), (11, 76), (12, 79), (13, 81), (14, 79), (15, 76)]
    for i, (beat, key) in enumerate(melody):
        on = beat * PPQN + (7 * i) % 13  # off the grid by a few ticks
        note(ev, 0, on, PPQN + PPQN // 8, key, 60 + (i * 17) % 61, 20 + i)
    return [ev]


def drums():
    ev = []
    for beat in range(4):
        t = beat * PPQN
        note(ev, 9, t, 60, 36 if beat % 2 == 0 else 38, 110 if beat % 2 == 0 else 95)
        note(ev, 9, t, 60, 42, 70)
        note(ev, 9, t + PPQN // 2, 60, 42, 50)
    return [ev]


PARTS = {"keys": keys, "lead": lead, "drums": drums}

# Where each route's audio outputs go, set in the saved file as a user wires
# them in Ardour's matrix: Ardour 7.3's Lua auto-connect wires a new track to
# master again after midi_session.lua rewired it, and drops the audio
# track's connection.
WIRING = {"keys": "music", "lead": "music", "drums": "Master", "bass": "Master"}


def wire(xml, route, dest):
    """route's audio outputs into dest's inputs, one to one, and nowhere else:
    both ends of each connection (Ardour saves a connection at both)."""
    xml = re.sub(r'\s*<Connection other="%s/audio_out \d+"/>' % re.escape(route), "", xml)
    m = re.search(r'<Route [^>]*name="%s"' % re.escape(route), xml)
    if not m:
        sys.exit("midi_parts.py: no route %s" % route)
    io = re.compile(r'(<IO [^>]*direction="Output"[^>]*>)(.*?)(</IO>)', re.S).search(xml, m.end())
    names = []

    def port(p):
        names.append(p.group(1))
        return ('<Port type="audio" name="%s">\n          <Connection other="%s/audio_in %d"/>\n'
                '        </Port>' % (p.group(1), dest, len(names)))
    body = re.sub(r'<Port type="audio" name="([^"]+)"\s*(?:/>|>.*?</Port>)', port, io.group(2),
                  flags=re.S)
    xml = xml[:io.start(2)] + body + xml[io.end(2):]
    for k, name in enumerate(names):
        into = re.compile(r'<Port type="audio" name="%s/audio_in %d"\s*(/?)>'
                          % (re.escape(dest), k + 1))
        q = into.search(xml)
        if not q:
            sys.exit("midi_parts.py: %s has no input %d" % (dest, k + 1))
        conn = '\n          <Connection other="%s"/>' % name
        if q.group(1):  # <Port .../>: open it
            xml = xml[:q.start()] + q.group(0)[:-2].rstrip() + ">" + conn + "\n        </Port>" + xml[q.end():]
        else:
            xml = xml[:q.end()] + conn + xml[q.end():]
    return xml


def write(d):
    for name, part in PARTS.items():
        smf(os.path.join(d, name + ".mid"), part())


def inject(session, d):
    path = os.path.join(session, "sp.ardour")
    xml = open(path).read()
    folder = os.path.join(session, "interchange", os.path.basename(session.rstrip("/")),
                          "midifiles")
    done = set()
    for m in re.finditer(r'<Source name="([^"]+)"[^>]*type="midi"[^>]*captured-for="([^"]+)"', xml):
        src, track = m.group(1), m.group(2)
        if track not in PARTS:
            continue
        with open(os.path.join(d, track + ".mid"), "rb") as f:
            data = f.read()
        with open(os.path.join(folder, src), "wb") as f:
            f.write(data)
        done.add(track)
    xml = re.sub(r'(<Source name="[^"]+"[^>]*type="midi"[^>]*flags=")([^"]*)"',
                 lambda m: m.group(1) + ",".join(x for x in m.group(2).split(",")
                                                 if x not in ("Empty", "RemovableIfEmpty")) + '"',
                 xml)
    for route, dest in WIRING.items():
        xml = wire(xml, route, dest)
    with open(path, "w") as f:
        f.write(xml)
    missing = set(PARTS) - done
    if missing:
        sys.exit("midi_parts.py: no MIDI source captured for %s" % ", ".join(sorted(missing)))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2])
    else:
        inject(sys.argv[2], sys.argv[3])
