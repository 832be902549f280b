#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Put a saved Ardour 7.3 session's automation lists in beat time, as a
session whose automation is in musical time holds them: each list with
events gets time-domain="BeatTime" and its events' times in beat ticks
("b<ticks>", 1920 a quarter note, rounded to the nearest tick) through a
constant tempo, or with BPM "map" through the session's own tempo map (its
Tempos: constant ones linearly, ramps by the omega Ardour saved) (Ardour
7.3's Lua API cannot choose a list's time domain).

    beat_edit.py SESSION.ardour BPM|map [PARAMETER...]

PARAMETER: the lists' automation-id to convert (default: gain)."""
import math
import re
import sys

SCPS = 282240000  # Ardour 7's superclock ticks a second


def tempo_map(text):
    """The session's Tempos: (sclock, quarters in ticks, quarter notes a
    second, omega, superclocks a quarter note), in time order."""
    out = []
    for m in re.finditer(r"<Tempo ([^>]*)/>", text):
        a = dict(re.findall(r'([\w-]+)="([^"]*)"', m.group(1)))
        b, t = a.get("quarters", "0:0").split(":")
        npm, note = float(a["npm"]), int(a["note-type"])
        qps = npm / 60 * 4 / note
        out.append((int(a.get("sclock", 0)), int(b) * 1920 + int(t), qps,
                    float(a.get("omega", 0)) if float(a.get("enpm", npm)) != npm else 0.0,
                    SCPS / qps))
    return sorted(out)


def ticks_through(tmap, sc):
    """The beat tick of superclock sc through the map (to the nearest)."""
    p = [t for t in tmap if t[0] <= sc][-1] if sc >= tmap[0][0] else tmap[0]
    d = sc - p[0]
    if p[3]:  # a ramp: (e^(omega d) - 1) / (scpqn omega) quarters
        q = math.expm1(p[3] * d) / (p[4] * p[3])
    else:
        q = d / SCPS * p[2]
    return p[1] + round(q * 1920)


def main():
    path = sys.argv[1]
    ids = set(sys.argv[3:] or ["gain"])
    text = open(path, encoding="utf-8").read()
    if sys.argv[2] == "map":
        tmap = tempo_map(text)
        to_ticks = lambda sc: ticks_through(tmap, sc)
    else:
        bpm = float(sys.argv[2])
        to_ticks = lambda sc: round(sc * bpm * 1920 / (60 * SCPS))

    def ticks(m):
        return "%sb%d" % (m.group(1), to_ticks(int(m.group(2))))

    def edit(m):
        head, body = m.group(1), m.group(2)
        aid = re.search(r'automation-id="([^"]*)"', head)
        if not aid or aid.group(1) not in ids or not re.search(r"a\d", body):
            return m.group(0)
        head = re.sub(r'time-domain="[^"]*"', 'time-domain="BeatTime"', head)
        if "time-domain=" not in head:
            head = head.replace("<AutomationList", '<AutomationList time-domain="BeatTime"', 1)
        body = re.sub(r"(^|[>\s])a(\d+)(?= )", ticks, body, flags=re.M)
        return head + body

    text, n = re.subn(r"(<AutomationList[^>]*[^/]>)(.*?</AutomationList>)", edit, text, flags=re.S)
    open(path, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
