#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The surround benchmark: the reference session mixed into 5.1, against its
own I/O floor and against the stereo render. Run by hand, never in CI:

    /usr/bin/python3 bench/surround.py [--size ref] [--runs 5]

It takes bench/sessions/<size>/session.yaml (bench/run.py makes it) and writes
session_51.yaml beside it: the same tracks and inserts, every bus and master
in 5.1, the mono tracks placed by VBAP at their pans' azimuths across the
front (the lead vocal and its double in C), the room mics, the pads and the
choir spread into the surrounds, the bass bus feeding the LFE through a
120 Hz low-pass, the stereo reverb return in Ls Rs and the delay in front,
and DME-style stems (dialogue: the vocals; music: bass and music; effects:
the drums). Then, alternating the commands run by run so a drift of the
machine's speed hits them all alike, it times:

    stemprint, 5.1 mix + 3 linked stems, -j 2
    stemprint, the same, -j 1              (and the two runs' bytes compared)
    stemprint, 5.1 --only mix, -j 2
    the 5.1 I/O floor: read every track, sum into 6 channels, write one file
    the same floor writing the sum into four files (what mix + 3 stems write)
    stemprint, the stereo session, -j 2    (what the 5.1 render costs more)

and prints wall seconds (medians), peak RSS, and the ratios as medians of the
run-by-run ratios, with the issue's targets: 5.1 mix + stems at most 1.5x its
I/O floor, -j 2 at least 1.8x faster than -j 1. Memory against the session's
length: LAYOUT=5.1 sh bench/memory.sh 1 30.
"""
import argparse
import filecmp
import os
import re
import statistics
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (bench/run.py: build, timed, machine)

SPREAD = ('room', 'pad_warm', 'pad_poly', 'choir')  # into the surrounds


def flow(d):
    """A mapping as one line of YAML flow style."""
    return yaml.safe_dump(d, default_flow_style=True, width=1 << 20, sort_keys=False).strip()


def surround_recipe(sess):
    """session_51.yaml from session.yaml (see the docstring)."""
    text = open(os.path.join(sess, 'session.yaml')).read()
    # a naming template in a flow mapping is stemprint's YAML, not PyYAML's
    src = yaml.safe_load(text.replace('dir: out/{recipe}', 'dir: "out/{recipe}"'))
    # files of the tracks: 1 or 2 channels, from the WAV header
    for name, t in src['tracks'].items():
        if name in ('lead_vox', 'lead_vox_dbl'):
            t.pop('pan', None)
            t['channels'] = ['C']
        elif name in SPREAD:
            t['pan'] = {'azimuth': 180 if name == 'room' else 0, 'spread': 120}
        # a plain pan is an azimuth across the front pair (docs/recipe.md)
    for name, b in src['buses'].items():
        if name == 'reverb':
            b['channels'] = ['Ls', 'Rs']  # a stereo return, into the surrounds
        elif name == 'delay':
            pass  # stereo, placed across the front
        else:
            b['layout'] = '5.1'
        if name == 'bass':
            b['lfe'] = {'level': '-6 dB', 'lowpass': '120 Hz'}
    src['master']['layout'] = '5.1'
    src['stems'] = {'split': 'sources', 'dialogue': ['vocals'], 'music': ['bass', 'music'],
                    'effects': ['drums']}
    lines = ['# The reference session in 5.1; written by bench/surround.py.']
    for k, v in src.items():
        if isinstance(v, dict) and k in ('tracks', 'buses', 'stems'):
            lines.append('%s:' % k)
            for name, x in v.items():
                lines.append('  %s: %s' % (name, flow(x) if isinstance(x, (dict, list)) else x))
        elif isinstance(v, (dict, list)):
            lines.append('%s: %s' % (k, flow(v)))
        else:
            lines.append('%s: %s' % (k, v))
    path = os.path.join(sess, 'session_51.yaml')
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return path


def iofloor_n():
    """bench/iofloor_n.c, built into bench/sessions/."""
    exe = os.path.join(run.HERE, 'sessions', 'iofloor_n')
    src = os.path.join(run.HERE, 'iofloor_n.c')
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        flags = subprocess.check_output(['pkg-config', '--cflags', '--libs', 'sndfile'],
                                        text=True).split()
        run.run(['cc', '-O2', '-o', exe, src] + flags)
    return exe


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--size', default='ref')
    ap.add_argument('--runs', type=int, default=5)
    a = ap.parse_args()
    sess = run.session(a.size)
    sp, _ = run.build()
    floor = iofloor_n()
    r51 = surround_recipe(sess)
    tracks = [t['file'] for t in yaml.safe_load(open(r51))['tracks'].values()]
    tmp = os.path.join(sess, 'bench-out')
    cmds = {
        '51_j2': [sp, 'render', '-q', '-j', '2', r51, '-o', tmp + '/51_j2'],
        '51_j1': [sp, 'render', '-q', '-j', '1', r51, '-o', tmp + '/51_j1'],
        'mix_j2': [sp, 'render', '-q', '-j', '2', '--only', 'mix', r51, '-o', tmp + '/mix_j2'],
        'floor': [floor, '6', tmp + '/floor/mix.wav'] + tracks,
        'floor4': ['env', 'FILES=4', floor, '6', tmp + '/floor4/mix.wav'] + tracks,
        'st_j2': [sp, 'render', '-q', '-j', '2', 'session.yaml', '-o', tmp + '/st_j2'],
    }
    fresh = {k: tmp + '/' + k for k in cmds}
    times = {k: [] for k in cmds}
    rss = {k: 0.0 for k in cmds}
    print('machine: %s' % run.machine())
    print('session: %s, %d tracks; %s' % (a.size, len(tracks), r51))
    for i in range(a.runs + 1):  # the first round warms up
        for k, c in cmds.items():
            w, m = run.timed(c, sess, fresh[k])
            if i:
                times[k].append(w)
                rss[k] = max(rss[k], m)
        if i == 0:
            same = all(filecmp.cmp(os.path.join(fresh['51_j2'], f),
                                   os.path.join(fresh['51_j1'], f), shallow=False)
                       for f in sorted(os.listdir(fresh['51_j2'])) if f.endswith('.wav'))
            files = sorted(f for f in os.listdir(fresh['51_j2']) if f.endswith('.wav'))
    names = {'51_j2': 'stemprint 5.1 mix + 3 linked stems, -j 2',
             '51_j1': 'stemprint 5.1 mix + 3 linked stems, -j 1',
             'mix_j2': 'stemprint 5.1 --only mix, -j 2',
             'floor': '5.1 I/O floor (read all, sum, write 6 channels)',
             'floor4': 'the same, written into four files (as a mix and 3 stems)',
             'st_j2': 'stemprint stereo mix + 4 linked stems, -j 2'}
    print('\n| command | wall s (median) | runs | peak RSS MB |\n|---|---:|---|---:|')
    for k in cmds:
        t = times[k]
        print('| %s | %.2f | %.2f-%.2f | %.1f |' % (names[k], statistics.median(t), min(t),
                                                    max(t), rss[k]))

    def ratio(x, y):
        rs = [p / q for p, q in zip(times[x], times[y])]
        return statistics.median(rs), min(rs), max(rs)

    f = ratio('51_j2', 'floor')
    m = ratio('mix_j2', 'floor')
    f4 = ratio('51_j2', 'floor4')
    j = ratio('51_j1', '51_j2')
    s = ratio('51_j2', 'st_j2')
    print('\nfiles: %s' % ', '.join(files))
    print('5.1 mix + stems / 5.1 I/O floor: %.2fx (%.2f-%.2f), target <= 1.5x: %s'
          % (f + ('met' if f[0] <= 1.5 else 'NOT met',)))
    print('5.1 --only mix / 5.1 I/O floor: %.2fx (%.2f-%.2f)' % m)
    print('5.1 mix + stems / the floor writing four files: %.2fx (%.2f-%.2f)' % f4)
    print('-j 1 / -j 2: %.2fx (%.2f-%.2f), target >= 1.8x: %s; bytes at -j 1 and -j 2: %s'
          % (j + ('met' if j[0] >= 1.8 else 'NOT met', 'identical' if same else 'DIFFER')))
    print('5.1 / stereo render, -j 2: %.2fx (%.2f-%.2f)' % s)


if __name__ == '__main__':
    main()
