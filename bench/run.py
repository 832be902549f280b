#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""stemprint's performance benchmark: the reference session against the tools
a user would pick instead, side by side, on this machine. Run by hand, never
in CI:

    /usr/bin/python3 bench/run.py [--sizes small,ref,big] [--runs 5] [--no-peers]

For each size it generates the session if it is missing (with
../shared/bench/make_session.py beside the project: sizes small 16 tracks x 60 s,
ref 32 x 180 s, big 64 x 600 s), builds stemprint (Release) and the I/O floor
program, then times, alternating each stemprint command with its peer so a
drift of the machine's speed hits both alike:

    stemprint mix + 4 linked stems (-j 2)      vs  ffmpeg, the same routing, mix alone
    stemprint mix + 4 linked stems (-j 2)      vs  the I/O floor: read every track, sum, write
    stemprint --only mix (-j 2)                vs  the I/O floor
    stemprint -j 2                             vs  stemprint -j 1 (and the bytes compared)
    stemprint mix + 4 stems + 3 versions       vs  stemprint mix + 4 stems
    sox -m, a plain weighted sum, for scale

A peer that is not installed (ffmpeg, sox) is left out and said so.

and prints a table: wall seconds (median of the runs), times real time, peak
RSS (MB), and each ratio as the median of the pair-by-pair ratios, then the
issue's targets judged on those figures. Timing is /usr/bin/time's (GNU
time), whole process, wall clock and maximum resident set. Every run writes
into a fresh, empty folder (removed before the clock starts), as a render
into a new clone does: writing over the last run's files would add the file
system's cost of replacing them (ext4 flushes a file renamed over another).
"""
import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(ROOT), 'shared', 'bench')
SIZES = {'small': (16, 60), 'ref': (32, 180), 'big': (64, 600)}


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def session(size):
    d = os.path.join(HERE, 'sessions', size)
    if os.path.exists(os.path.join(d, 'session.yaml')):
        return d
    gen = os.path.join(SHARED, 'make_session.py')
    if not os.path.exists(gen):
        sys.exit('bench: no session %s and no generator at %s (the project is checked out '
                 'without ../shared)' % (d, gen))
    tracks, secs = SIZES[size]
    print('generating the %s session (%d tracks x %d s) ...' % (size, tracks, secs), flush=True)
    run(['/usr/bin/python3', gen, '--tracks', str(tracks), '--seconds', str(secs), '--out', d])
    return d


def build():
    b = os.path.join(ROOT, 'build-release')
    run(['cmake', '-S', ROOT, '-B', b, '-DCMAKE_BUILD_TYPE=Release', '-DSP_TESTS=OFF'],
        stdout=subprocess.DEVNULL)
    run(['cmake', '--build', b, '-j', str(os.cpu_count() or 2)], stdout=subprocess.DEVNULL)
    floor = os.path.join(HERE, 'sessions', 'iofloor')
    src = os.path.join(SHARED, 'iofloor.c')
    if os.path.exists(src) and not os.path.exists(floor):
        os.makedirs(os.path.dirname(floor), exist_ok=True)  # a fresh clone has no sessions/
        flags = subprocess.check_output(['pkg-config', '--cflags', '--libs', 'sndfile'],
                                        text=True).split()
        run(['cc', '-O2', '-o', floor, src] + flags)
    return os.path.join(b, 'stemprint'), floor if os.path.exists(floor) else None


def timed(cmd, cwd, fresh, ok=(0,)):
    """Wall seconds and peak RSS (MB) of one run of cmd, into the empty
    folder fresh (made anew before the clock starts)."""
    shutil.rmtree(fresh, ignore_errors=True)
    os.makedirs(fresh)
    with tempfile.NamedTemporaryFile('r', suffix='.time') as t:
        full = ['/usr/bin/time', '-f', '%e %M', '-o', t.name] + cmd
        p = subprocess.run(full, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)
        if p.returncode not in ok:
            sys.exit('bench: %s failed (%d):\n%s' % (shlex.join(cmd), p.returncode, p.stderr))
        wall, kb = t.read().split()[-2:]
        return float(wall), int(kb) / 1024.0


def machine():
    """One line about this machine: cores and CPU model."""
    model = 'unknown CPU'
    try:
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'):
                model = line.split(':', 1)[1].strip()
                break
    except OSError:
        pass
    return '%d cores, %s' % (os.cpu_count() or 0, model)


def versions_recipe(sess):
    """The session with three linked versions added (instrumental, TV mix,
    drumless): what one run costs with them."""
    text = open(os.path.join(sess, 'session.yaml')).read()
    text = text.replace('\noutput:', '\nversions:\n  instrumental: {mute: [vocals]}\n'
                        '  tv: {mute: [lead_vox]}\n  drumless: {mute: [drums]}\n\noutput:')
    path = os.path.join(sess, 'session_versions.yaml')
    with open(path, 'w') as f:
        f.write(text)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--sizes', default='ref')
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--no-peers', action='store_true')
    a = ap.parse_args()
    if not os.access('/usr/bin/time', os.X_OK):
        sys.exit('bench: needs GNU time at /usr/bin/time (Debian: apt-get install time)')
    sp, floor = build()
    if not os.path.isdir(SHARED):
        print('bench: no %s: sessions that are not generated yet cannot be, the peers '
              '(ffmpeg, sox) are left out%s' % (SHARED, '' if floor else ', and so is the I/O '
                                                 'floor (never built here)'), file=sys.stderr)
    out = tempfile.mkdtemp(prefix='stemprint-bench-')
    rows, ratios = [], []
    for size in a.sizes.split(','):
        sess = session(size)
        info = json.load(open(os.path.join(sess, 'session.json')))
        seconds = float(info.get('seconds', SIZES[size][1]))
        vrec = versions_recipe(sess)
        q = ['--quiet', '--progress', 'none']
        cmds = {
            'stemprint mix+4 stems -j2': [sp, 'render', 'session.yaml', '-o', out + '/a', '-j', '2'] + q,
            'stemprint mix+4 stems -j1': [sp, 'render', 'session.yaml', '-o', out + '/b', '-j', '1'] + q,
            'stemprint --only mix -j2': [sp, 'render', 'session.yaml', '-o', out + '/c', '-j', '2',
                                         '--only', 'mix'] + q,
            'stemprint +3 versions -j2': [sp, 'render', vrec, '-o', out + '/d', '-j', '2'] + q,
        }
        # where each command writes: emptied before each of its runs
        fresh = {name: out + '/' + d for name, d in
                 zip(cmds, ('a', 'b', 'c', 'd'))}
        if not a.no_peers:
            pdir = os.path.join(out, 'peer')
            os.makedirs(pdir, exist_ok=True)
            peers = os.path.join(SHARED, 'peers.py')
            for name in ('ffmpeg-mix', 'sox-mix'):
                tool = name.split('-')[0]
                if os.path.exists(peers) and not shutil.which(tool):
                    print('bench: %s is not installed: its row is left out (Debian: apt-get '
                          'install %s)' % (tool, tool), file=sys.stderr)
                elif os.path.exists(peers):
                    pd = os.path.join(pdir, name)
                    os.makedirs(pd, exist_ok=True)
                    line = subprocess.check_output(['/usr/bin/python3', peers, sess, name, pd],
                                                   text=True).strip()
                    cmds[name] = ['sh', '-c', line]
                    fresh[name] = os.path.join(pd, 'out')
            if floor:
                import glob
                cmds['I/O floor'] = [floor, os.path.join(pdir, 'floor', 'floor.wav')] + sorted(
                    glob.glob(os.path.join(sess, 'tracks', '*.wav')))
                fresh['I/O floor'] = os.path.join(pdir, 'floor')
        pairs = [('stemprint mix+4 stems -j2', 'ffmpeg-mix'),
                 ('stemprint mix+4 stems -j2', 'I/O floor'),
                 ('stemprint --only mix -j2', 'I/O floor'),
                 ('stemprint mix+4 stems -j2', 'stemprint mix+4 stems -j1'),
                 ('stemprint +3 versions -j2', 'stemprint mix+4 stems -j2'),
                 ('stemprint mix+4 stems -j2', 'sox-mix')]
        times = {k: [] for k in cmds}
        rss = {k: [] for k in cmds}
        pair_ratios = {p: [] for p in pairs if p[0] in cmds and p[1] in cmds}
        def ok(name):  # stemprint exits 1 when a check fails; the files are there
            return (0, 1) if name.startswith('stemprint') else (0,)
        for name in cmds:  # one warm-up each
            timed(cmds[name], sess, fresh[name], ok(name))
        for r in range(a.runs):
            got = {}
            for name in cmds:
                w, m = timed(cmds[name], sess, fresh[name], ok(name))
                times[name].append(w)
                rss[name].append(m)
                got[name] = w
            for p in pair_ratios:
                pair_ratios[p].append(got[p[0]] / got[p[1]] if got[p[1]] > 0 else float('nan'))
            print('  %s: run %d of %d' % (size, r + 1, a.runs), file=sys.stderr, flush=True)
        # the prints alone: a folder also holds the render's record, .stemprint/
        def prints(d):
            return sorted(f for f in os.listdir(d) if os.path.isfile(os.path.join(d, f)))
        pa, pb = prints(os.path.join(out, 'a')), prints(os.path.join(out, 'b'))
        same = pa == pb and all(open(os.path.join(out, 'a', f), 'rb').read() ==
                                open(os.path.join(out, 'b', f), 'rb').read() for f in pa)
        for name in cmds:
            med = statistics.median(times[name])
            rows.append((size, name, med, seconds / med if med else 0, max(rss[name])))
        for p, v in pair_ratios.items():
            ratios.append((size, '%s / %s' % p, statistics.median(v), min(v), max(v)))
        ratios.append((size, '-j2 and -j1 bytes identical: %s' % ('yes' if same else 'NO'),
                       None, None, None))
    print('\n%s, %s' % (machine(), __import__('datetime').date.today().isoformat()))
    print('\n%-6s %-28s %10s %10s %10s' % ('size', 'command', 'wall s', 'x real', 'RSS MB'))
    for size, name, med, xrt, mb in rows:
        print('%-6s %-28s %10.3f %10.1f %10.1f' % (size, name, med, xrt, mb))
    print('\n%-6s %-56s %8s %8s %8s' % ('size', 'ratio (pair by pair)', 'median', 'min', 'max'))
    for size, name, med, lo, hi in ratios:
        if med is None:
            print('%-6s %s' % (size, name))
        else:
            print('%-6s %-56s %8.3f %8.3f %8.3f' % (size, name, med, lo, hi))
    # The targets, on the figures above.
    def ratio(size, name):
        for s_, n, med, _, _ in ratios:
            if s_ == size and n == name:
                return med
        return None
    print('\ntargets')
    def judge(size, what, r, limit, at_least=False):
        if r:
            print('%-6s %s: %.2fx  %s' % (size, what, r, 'met' if (r >= limit if at_least
                                                                      else r <= limit) else 'NOT met'))
    for size in a.sizes.split(','):
        r = ratio(size, 'stemprint mix+4 stems -j2 / ffmpeg-mix')
        judge(size, 'mix + 4 stems faster than ffmpeg mix (small: >= 12x)', 1 / r if r else None,
              12 if size == 'small' else 10, True)
        judge(size, 'mix + 4 stems <= 1.0x the I/O floor',
              ratio(size, 'stemprint mix+4 stems -j2 / I/O floor'), 1.0)
        judge(size, '--only mix <= 0.7x the I/O floor',
              ratio(size, 'stemprint --only mix -j2 / I/O floor'), 0.7)
        judge(size, '+ 3 linked versions <= 1.25x mix + 4 stems',
              ratio(size, 'stemprint +3 versions -j2 / stemprint mix+4 stems -j2'), 1.25)
        r = ratio(size, 'stemprint mix+4 stems -j2 / stemprint mix+4 stems -j1')
        judge(size, '-j 2 >= 1.9x faster than -j 1', 1 / r if r else None, 1.9, True)
    peak = [mb for size, name, _, _, mb in rows if name.startswith('stemprint')]
    if peak:
        print('all    peak RSS <= 64 MB: %.1f MB  %s' % (max(peak), 'met' if max(peak) <= 64 else
                                                           'NOT met'))
    by_size = {}
    for size, name, _, _, mb in rows:
        if name == 'stemprint mix+4 stems -j2':
            by_size[size] = mb
    if 'small' in by_size and 'big' in by_size:
        d = by_size['big'] / by_size['small'] - 1
        print('all    RSS big vs small within 10%%: %+.1f%%  %s' % (100 * d, 'met' if abs(d) <= 0.1
                                                                 else 'NOT met'))
    shutil.rmtree(out, ignore_errors=True)


if __name__ == '__main__':
    main()
