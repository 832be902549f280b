#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A DAWproject of CLIPS clips on one track, each looped LOOPS times: a
session that reads small and unrolls into CLIPS x LOOPS regions (the
issue 45 case is 100 x 10,000, a million). Measures what `stemprint
import` and `render` hold at their peak against what they read:

    /usr/bin/python3 bench/dawproject_loops.py OUT.dawproject [CLIPS [LOOPS]]
    /usr/bin/time -v build/stemprint import OUT.dawproject -o /tmp/x.yaml

The clips hold a 0.1 s loop of a 1 s file (a 440 Hz sine), each clip one
second of lane after the one before, in seconds."""
import io
import math
import struct
import sys
import zipfile


def wav(seconds=1.0, rate=48000):
    n = int(seconds * rate)
    data = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
                    for i in range(n))
    head = struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + len(data), b"WAVE", b"fmt ", 16, 1,
                       1, rate, rate * 2, 2, 16, b"data", len(data))
    return head + data


def project(clips, loops):
    out = io.StringIO()
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n<Project version="1.0">'
      '<Application name="bench" version="1"/><Transport><Tempo unit="bpm" value="120"/>'
      '</Transport><Structure>'
      '<Track contentType="audio" id="tm" name="Master"><Channel role="master" id="m">'
      '<Volume unit="linear" value="1" id="mv"/></Channel></Track>'
      '<Track contentType="audio" id="t1" name="Loops"><Channel role="regular" '
      'destination="m" id="c1"><Volume unit="linear" value="1" id="v1"/></Channel></Track>'
      '</Structure><Arrangement id="arr"><Lanes timeUnit="seconds" id="l0">'
      '<Lanes track="t1" id="l1"><Clips id="cs">\n')
    for k in range(clips):
        w('<Clip time="%g" duration="%g" contentTimeUnit="seconds" playStart="0" '
          'loopStart="0" loopEnd="0.1"><Audio channels="1" duration="1" sampleRate="48000">'
          '<File path="audio/a.wav"/></Audio></Clip>\n' % (k * loops * 0.1, loops * 0.1))
    w('</Clips></Lanes></Lanes></Arrangement></Project>\n')
    return out.getvalue()


def main():
    path = sys.argv[1]
    clips = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    loops = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.xml", project(clips, loops))
        z.writestr("audio/a.wav", wav())


main()
