#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Peak memory of reading an ADM BWF's axml against the axml's size: `check`
# two ADM BWFs of one object, the same audio (400 s, 16-bit mono), one with
# an axml of BLOCKS blocks of 10 ms (40,000 by default: 15.9 MB of XML) and
# one with a single block, RUNS times each, and print what the long axml
# cost over the short at the peak (GNU time's maximum RSS). The reader
# reads the axml from the file a piece at a time and keeps each block's
# values, never the text nor a tree of its elements (which costs seven
# times the text): the target is a median under twice the text
# (bench/README.md). Run by hand:
#   sh bench/adm_memory.sh [BLOCKS]
# Needs about 80 MB of disk; Debian's /usr/bin/python3 and GNU time.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
bin=${STEMPRINT:-$top/build-release/stemprint}
[ -x "$bin" ] || {
  cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DSP_TESTS=OFF >/dev/null
  cmake --build build-release -j "$(nproc)" >/dev/null
}
blocks=${1:-40000}
work=${BENCH_DIR:-$top/bench/sessions}/adm-memory
mkdir -p "$work"

# adm.wav (BLOCKS blocks) and one.wav (one block over the whole), each
# with its recipe.
/usr/bin/python3 - "$work" "$blocks" <<'EOF'
import struct, sys
work, blocks = sys.argv[1], int(sys.argv[2])
rate, frames = 48000, blocks * 480

def axml(n):
    head = ('<ebuCoreMain><coreMetadata><format><audioFormatExtended version="ITU-R_BS.2076-2">'
            '<audioProgramme audioProgrammeID="APR_1001" audioProgrammeName="p"/>'
            '<audioPackFormat audioPackFormatID="AP_00031001" audioPackFormatName="o" '
            'typeDefinition="Objects"/>'
            '<audioChannelFormat audioChannelFormatID="AC_00031001" audioChannelFormatName="o" typeDefinition="Objects">\n')
    body = []
    for b in range(n):
        if n == 1:
            t, d = '00:00:00.00000', '%02d:%02d:%02d.00000' % (blocks // 360000,
                                                             blocks // 6000 % 60,
                                                             blocks // 100 % 60)
        else:
            t = '00:%02d:%02d.%03d00' % (b // 6000, b // 100 % 60, b % 100 * 10)
            d = '00:00:00.01000'
        body.append('<audioBlockFormat audioBlockFormatID="AB_00031001_%08x" rtime="%s" '
                    'duration="%s">\n<cartesian>1</cartesian>\n<position coordinate="X">%.6f'
                    '</position>\n<position coordinate="Y">1.000000</position>\n<position '
                    'coordinate="Z">0.000000</position>\n<width>0.000000</width>\n<gain '
                    'gainUnit="linear">1.000000</gain>\n<jumpPosition interpolationLength='
                    '"0.00500">1</jumpPosition>\n</audioBlockFormat>\n'
                    % (b + 1, t, d, (b % 200 - 100) / 100.0))
    tail = ('</audioChannelFormat><audioStreamFormat audioStreamFormatID="AS_00031001" audioStreamFormatName="o" formatDefinition="PCM">'
            '<audioChannelFormatIDRef>AC_00031001</audioChannelFormatIDRef></audioStreamFormat>'
            '<audioTrackFormat audioTrackFormatID="AT_00031001_01" audioTrackFormatName="o" formatDefinition="PCM"><audioStreamFormatIDRef>'
            'AS_00031001</audioStreamFormatIDRef></audioTrackFormat><audioTrackUID '
            'UID="ATU_00000001"><audioTrackFormatIDRef>AT_00031001_01</audioTrackFormatIDRef>'
            '<audioPackFormatIDRef>AP_00031001</audioPackFormatIDRef></audioTrackUID>'
            '</audioFormatExtended></format></coreMetadata></ebuCoreMain>')
    return (head + ''.join(body) + tail).encode()

def chunk(tag, data):
    return tag + struct.pack('<I', len(data)) + data + (b'\0' if len(data) % 2 else b'')

chna = struct.pack('<HH', 1, 1) + struct.pack('<H', 1) + b'ATU_00000001' + \
    b'AT_00031001_01' + b'AP_00031001' + b'\0'
fmt = struct.pack('<HHIIHH', 1, 1, rate, rate * 2, 2, 16)
data = b'\0' * (frames * 2)
for name, n in (('adm', blocks), ('one', 1)):
    x = axml(n)
    body = b'WAVE' + chunk(b'fmt ', fmt) + chunk(b'chna', chna) + chunk(b'axml', x) + \
        chunk(b'data', data)
    with open('%s/%s.wav' % (work, name), 'wb') as f:
        f.write(b'RIFF' + struct.pack('<I', len(body)) + body)
    with open('%s/%s.yaml' % (work, name), 'w') as f:
        f.write('stemprint: 1\nsample_rate: 48000\ntracks:\n  o: {file: %s.wav, layout: stereo}\n' % name)
EOF
# The maximum RSS of `check` of $1.yaml, RUNS times (the render's threads
# allocate in malloc's arenas of their own: the planner's probe and the
# sources' render each read the file, and a run where they land in two
# arenas holds both at once).
runs=${RUNS:-7}
peaks()
{
  i=0
  while [ "$i" -lt "$runs" ]; do
    /usr/bin/time -f '%M' -o "$work/time.txt" "$bin" check "$work/$1.yaml" >/dev/null 2>"$work/$1.err" || {
      cat "$work/$1.err" >&2
      exit 1
    }
    cat "$work/time.txt"
    i=$((i + 1))
  done | tr '\n' ' '
}
long=$(peaks adm)
short=$(peaks one)
/usr/bin/python3 - "$work/adm.wav" "$blocks" "$long" "$short" <<'EOF2'
import statistics, struct, sys
path, blocks = sys.argv[1], int(sys.argv[2])
long_kb = [int(x) for x in sys.argv[3].split()]
short_kb = [int(x) for x in sys.argv[4].split()]
with open(path, 'rb') as f:
    f.seek(12)
    while True:
        h = f.read(8)
        tag, size = h[:4], struct.unpack('<I', h[4:])[0]
        if tag == b'axml':
            break
        f.seek(size + size % 2, 1)
text = size / 2**20
one = statistics.median(short_kb) / 1024
grew = sorted(kb / 1024 - one for kb in long_kb)
print('%d blocks, %.1f MB of axml; one block: %.1f MB at the peak (median of %d)'
      % (blocks, text, one, len(short_kb)))
print('%-8s %10s %10s' % ('', 'grew_MB', 'x_text'))
for name, g in (('min', grew[0]), ('median', statistics.median(grew)), ('max', grew[-1])):
    print('%-8s %10.1f %10.2f' % (name, g, g / text))
print('target: the median under twice the text: %s'
      % ('met' if statistics.median(grew) < 2 * text else 'NOT met'))
EOF2
