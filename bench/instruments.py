#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A bench session's MIDI parts as instrument tracks, and what they cost.

usage: instruments.py SESSION_DIR [--runs N] [--stemprint BIN]

SESSION_DIR is a bench session made by ../shared/bench/make_session.py. That
generator writes each keys, bass, strings, guitar, brass, lead and choir part
as a Standard MIDI File and renders it with `fluidsynth -F` and FluidR3_GM
into the session's tracks/ (reverb and chorus off). This script writes the
same MIDI files again (the generator's own functions, its seed: the same
notes) into SESSION_DIR/midi/ and two recipes beside session.yaml:

  session_midi.yaml   the session with each of those tracks an instrument
                      track on the `soundfont` instrument (FluidR3_GM, the
                      part's program, fluidsynth's -g 0.4 as -8 dB), every
                      other track, bus, send and stem as in session.yaml
  parts_midi.yaml     the MIDI tracks alone, straight to master, no stems:
                      what `fluidsynth -F` renders of them (the same
                      library: the floor)

and then times, paired run by run (medians of --runs):

  - stemprint render parts_midi.yaml --only mix (-j 1 and -j 2) against
    fluidsynth -F rendering the same files one after another (-j 1) and
    two at a time (-j 2), each at 48 kHz, 32-bit float, reverb and chorus off;
  - stemprint render session_midi.yaml (mix + 4 stems, -j 2) against the
    same session on its rendered audio (session.yaml).

It prints a table and writes SESSION_DIR/instruments.json.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, '..', '..', 'shared', 'bench')
SF2 = '/usr/share/sounds/sf2/FluidR3_GM.sf2'


def parts(session_dir):
    """(track name, midi path, program) of every MIDI part, written anew."""
    sys.path.insert(0, SHARED)
    import make_session as ms  # noqa: E402
    info = json.load(open(os.path.join(session_dir, 'session.json')))
    seed, seconds = info['seed'], info['seconds']
    song = ms.Song(seed, seconds)
    out = os.path.join(session_dir, 'midi')
    os.makedirs(out, exist_ok=True)
    found = []
    for t in info['tracks']:
        role = t.get('role')
        r = next((x for x in ms.ROLES if x['name'] == role), None)
        if not r or r.get('kind') != 'midi':
            continue
        take = t.get('take', 0)
        rng = ms.sub_rng(seed, 'midi', role, take)
        notes = ms.midi_part(song, role, take, rng)
        if not notes:
            continue
        prog = r['prog']
        path = os.path.join(out, '%s.mid' % t['name'])
        ms.write_smf(path, notes, prog, song.tempo)
        found.append((t['name'], os.path.relpath(path, session_dir), prog))
    return found


def write_recipes(session_dir, found):
    src = os.path.join(session_dir, 'session.yaml')
    text = open(src).read()
    lines = text.split('\n')
    names = {f[0]: f for f in found}
    out = []
    for ln in lines:
        s = ln.strip()
        name = s.split(':', 1)[0] if s and ':' in s else None
        if name in names and ln.startswith('  ') and not ln.startswith('   ') and '{file:' in ln:
            _, mid, prog = names[name]
            body = ln.split('{file:', 1)[1]
            body = body.split(',', 1)[1] if ',' in body else '}'
            ln = ('  %s: {midi: %s, instrument: {soundfont: {file: %s, program: %d, gain: -8 dB}},%s'
                  % (name, mid, SF2, prog, body))
        out.append(ln)
    with open(os.path.join(session_dir, 'session_midi.yaml'), 'w') as f:
        f.write('\n'.join(out))
    with open(os.path.join(session_dir, 'parts_midi.yaml'), 'w') as f:
        f.write('# the MIDI parts alone, as fluidsynth -F renders them\n'
                'stemprint: 1\nsample_rate: 48000\ntail: auto\npan_law: 0 dB\n'
                'output: {depth: 32f, dither: none}\ntracks:\n')
        for name, mid, prog in found:
            f.write('  %s: {midi: %s, instrument: {soundfont: {file: %s, program: %d, '
                    'gain: -8 dB}}}\n' % (name, mid, SF2, prog))


def timed(cmd, cwd):
    t0 = time.perf_counter()
    r0 = os.times()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r1 = os.times()
    return time.perf_counter() - t0, (r1.children_user - r0.children_user) + (
        r1.children_system - r0.children_system)


def fluid_all(session_dir, found, jobs, tmp):
    """fluidsynth -F over every part, jobs at a time; wall and CPU seconds."""
    t0 = time.perf_counter()
    r0 = os.times()
    procs = []
    for name, mid, prog in found:
        cmd = ['fluidsynth', '-q', '-n', '-i', '-R', '0', '-C', '0', '-g', '0.4', '-r', '48000',
               '-O', 'float', '-T', 'wav', '-F', os.path.join(tmp, name + '.wav'), SF2,
               os.path.join(session_dir, mid)]
        procs.append(subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        while len([p for p in procs if p.poll() is None]) >= jobs:
            time.sleep(0.005)
    for p in procs:
        p.wait()
    r1 = os.times()
    return time.perf_counter() - t0, (r1.children_user - r0.children_user) + (
        r1.children_system - r0.children_system)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('session')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--stemprint', default=os.path.join(HERE, '..', 'build-release', 'stemprint'))
    a = ap.parse_args()
    d = os.path.abspath(a.session)
    found = parts(d)
    write_recipes(d, found)
    print('%d MIDI parts written into %s/midi' % (len(found), d))
    sp = os.path.abspath(a.stemprint)
    tmp = tempfile.mkdtemp(prefix='stemprint-instruments-')
    rows = {}

    def add(key, w, c):
        rows.setdefault(key, []).append((w, c))

    try:
        for _ in range(a.runs):
            for j in (1, 2):
                add('fluidsynth -F, the parts, -j %d' % j, *fluid_all(d, found, j, tmp))
                add('stemprint, the parts, --only mix, -j %d' % j,
                    *timed([sp, 'render', 'parts_midi.yaml', '-q', '--only', 'mix', '-j', str(j),
                            '-o', os.path.join(tmp, 'p%d' % j)], d))
            add('stemprint, session on audio, mix + 4 stems, -j 2',
                *timed([sp, 'render', 'session.yaml', '-q', '-j', '2', '-o',
                        os.path.join(tmp, 'a')], d))
            add('stemprint, session with MIDI parts, mix + 4 stems, -j 2',
                *timed([sp, 'render', 'session_midi.yaml', '-q', '-j', '2', '-o',
                        os.path.join(tmp, 'm')], d))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    table = {k: {'wall_s': statistics.median(w for w, _ in v),
                 'cpu_s': statistics.median(c for _, c in v)} for k, v in rows.items()}
    print('| run | wall s | CPU s |')
    print('|---|---:|---:|')
    for k, v in table.items():
        print('| %s | %.2f | %.2f |' % (k, v['wall_s'], v['cpu_s']))
    json.dump(table, open(os.path.join(d, 'instruments.json'), 'w'), indent=1)


if __name__ == '__main__':
    main()
