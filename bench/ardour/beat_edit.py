#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Put a saved Ardour 7.3 session's automation lists in beat time, as a
session whose automation is in musical time holds them: each list with
events gets time-domain="BeatTime" and its events' times in beat ticks
("b<ticks>", 1920 a quarter note, rounded to the nearest tick) through a
constant tempo (Ardour 7.3's Lua API cannot choose a list's time domain).

    beat_edit.py SESSION.ardour BPM [PARAMETER...]

PARAMETER: the lists' automation-id to convert (default: gain)."""
import re
import sys

SCPS = 282240000  # Ardour 7's superclock ticks a second


def main():
    path, bpm = sys.argv[1], float(sys.argv[2])
    ids = set(sys.argv[3:] or ["gain"])
    text = open(path, encoding="utf-8").read()

    def ticks(m):
        sc = int(m.group(2))
        return "%sb%d" % (m.group(1), round(sc * bpm * 1920 / (60 * SCPS)))

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
