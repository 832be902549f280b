#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Replace the saved inverse fade (InverseFadeIn or InverseFadeOut), or
the drawn fade itself (FadeIn, FadeOut), of a region in a saved Ardour 7.3
session file by points of one's own, as Ardour's crossfade editor lets a
user draw them, or another tool might save them (Ardour 7.3's Lua API
cannot set a fade's points). Run by interop.sh after edit.lua.

    inverse_edit.py SESSION.ardour PLAYLIST AT WHICH POINTS

PLAYLIST: the playlist's name (a track's is the track's name); AT: the
region's position in seconds; WHICH: in or out (the inverses), fade-in or
fade-out (the fades); POINTS: "t:v,t:v,..." in seconds and gains, written
in the order given (Ardour sorts them)."""
import re
import sys

SCPS = 282240000  # Ardour 7's superclock ticks a second

path, playlist, at, which, points = sys.argv[1:6]
want = round(float(at) * SCPS)
x = open(path, encoding="utf-8").read()
m = re.search(r'<Playlist [^>]*name="%s"[^>]*>' % re.escape(playlist), x)
if not m:
    sys.exit("inverse_edit.py: no playlist '%s' in %s" % (playlist, path))
end = x.index("</Playlist>", m.end())
tag = {"in": "InverseFadeIn", "out": "InverseFadeOut", "fade-in": "FadeIn",
       "fade-out": "FadeOut"}[which]
events = "".join("a%d %s\n" % (round(float(t) * SCPS), v)
                 for t, v in (p.split(":") for p in points.split(",")))
done = False
for r in re.finditer(r"<Region [^>]*>", x[m.end():end]):
    attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', r.group(0)))
    pos = attrs.get("position") or attrs.get("length", "@a0").split("@")[-1]
    if not pos.startswith("a") or int(pos[1:]) != want:
        continue
    start = m.end() + r.start()
    stop = x.index("</Region>", start)
    region = x[start:stop]
    inv = re.search(r"<%s>.*?</%s>" % (tag, tag), region, re.S)
    if not inv:
        sys.exit("inverse_edit.py: the region at %s s has no %s" % (at, tag))
    lst = re.search(r"<events>.*?</events>", inv.group(0), re.S)
    new = inv.group(0)[:lst.start()] + "<events>" + events + "</events>" + inv.group(0)[lst.end():]
    region = region[:inv.start()] + new + region[inv.end():]
    x = x[:start] + region + x[stop:]
    done = True
    break
if not done:
    sys.exit("inverse_edit.py: no region at %s s in playlist '%s'" % (at, playlist))
open(path, "w", encoding="utf-8").write(x)
