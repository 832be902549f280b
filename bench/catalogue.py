#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A catalogue of songs rendered through a cache of renders: cold, warm,
warm after touching every source, and after editing one recipe.

usage: catalogue.py [--songs N] [--work DIR] [--stemprint BIN]

Writes N recipes cut from the demo's sources (fixtures/audio, made by the
build): each song takes a different slice of the sources, gains and a
master limiter, so every song has a key of its own. Then it times:

  cold     stemprint render *.yaml --cache C -j 2 -q, the cache empty
  warm     the same again: every key a hit
  touched  the same after `touch` of every source (same bytes): all hits
  edited   the same after one recipe's fader moved: that song renders
  empty    the same into empty output folders (a fresh checkout sharing the
           cache): every file copied from the cache

and checks that a hit's files are byte for byte a fresh render's. Prints
the figures and the ratios the issue's targets are about.
"""
import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
AUDIO = os.path.join(ROOT, 'fixtures', 'audio')

RECIPE = """stemprint: 1
sample_rate: 48000
tail: 1 s
tracks:
  kick:  {{regions: [{{file: {a}/kick.wav, from: {f0} s, length: {n} s}}], gain: {g0} dB, to: drums}}
  snare: {{regions: [{{file: {a}/snare.wav, from: {f1} s, length: {n} s}}], gain: -4 dB, to: drums,
          sends: [{{to: verb, level: -18 dB}}]}}
  bass:  {{regions: [{{file: {a}/bass.wav, from: {f2} s, length: {n} s}}], gain: {g1} dB,
          inserts: [{{compressor: {{threshold: -24 dB, ratio: 3, key: {{from: kick}}}}}}]}}
  keys:  {{regions: [{{file: {a}/keys.wav, from: {f3} s, length: {n} s}}], gain: -8 dB}}
  vox:   {{regions: [{{file: {a}/vox.wav, from: {f4} s, length: {n} s}}], gain: {g2} dB,
          inserts: [{{eq: [{{type: highpass, freq: 120 Hz}}]}}], sends: [{{to: verb, level: -12 dB}}]}}
buses:
  drums: {{inserts: [{{compressor: {{threshold: -18 dB, ratio: 3}}}}]}}
  verb:  {{inserts: [{{delay: {{time: 180 ms, feedback: 0.3}}}}], gain: -6 dB}}
master:
  inserts: [{{limiter: {{ceiling: -1 dBTP}}}}]
stems: {{drums: [drums], bass: [bass], music: [keys], vocals: [vox]}}
output: {{format: wav, depth: 24, dither: tpdf, dir: ../out/{{recipe}}}}
"""


def write_catalogue(d, n):
    os.makedirs(d, exist_ok=True)
    paths = []
    for i in range(n):
        f = [(i * 0.37 + k * 0.61) % 4.0 for k in range(5)]
        text = RECIPE.format(a=AUDIO, n=6.0, f0=round(f[0], 3), f1=round(f[1], 3),
                             f2=round(f[2], 3), f3=round(f[3], 3), f4=round(f[4], 3),
                             g0=-2 - (i % 5), g1=-5 - (i % 3), g2=-2 - (i % 4) * 0.5)
        p = os.path.join(d, 'song%03d.yaml' % i)
        with open(p, 'w') as fh:
            fh.write(text)
        paths.append(p)
    return paths


def run(bin_, recipes, cache, env):
    t = time.monotonic()
    r = subprocess.run([bin_, 'render', *recipes, '-q', '-j', '2', '--cache', cache],
                       env=env, capture_output=True, text=True)
    dt = time.monotonic() - t
    if r.returncode != 0:
        sys.exit('render failed (%d): %s' % (r.returncode, r.stderr[-2000:]))
    return dt, r.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--songs', type=int, default=100)
    ap.add_argument('--work', default='/tmp/stemprint-catalogue')
    ap.add_argument('--stemprint', default=os.path.join(ROOT, 'build-release', 'stemprint'))
    a = ap.parse_args()
    if not os.path.exists(os.path.join(AUDIO, 'vox.wav')):
        sys.exit('no demo sources in fixtures/audio: build first (sh scripts/demo.sh)')
    shutil.rmtree(a.work, ignore_errors=True)
    recipes = write_catalogue(os.path.join(a.work, 'recipes'), a.songs)
    cache = os.path.join(a.work, 'cache')
    env = dict(os.environ, STEMPRINT_DIGEST_INDEX=os.path.join(a.work, 'digests'))
    env.pop('STEMPRINT_CACHE', None)
    # the sources' digests: settled (older than 2 s) before the cold run
    time.sleep(0.1)
    cold, _ = run(a.stemprint, recipes, cache, env)
    out = os.path.join(a.work, 'out')
    fresh = os.path.join(a.work, 'fresh')
    shutil.copytree(out, fresh)
    warm, _ = run(a.stemprint, recipes, cache, env)
    same = all(filecmp.cmp(os.path.join(fresh, s, f), os.path.join(out, s, f), shallow=False)
               for s in os.listdir(fresh) for f in os.listdir(os.path.join(fresh, s))
               if f.endswith('.wav'))
    for f in os.listdir(AUDIO):
        os.utime(os.path.join(AUDIO, f))
    touched, _ = run(a.stemprint, recipes, cache, env)
    entries = len(os.listdir(os.path.join(cache, 'ac')))
    with open(recipes[7]) as fh:
        text = fh.read()
    with open(recipes[7], 'w') as fh:
        fh.write(text.replace('gain: -8 dB', 'gain: -9 dB'))
    edited, _ = run(a.stemprint, recipes, cache, env)
    entries_after = len(os.listdir(os.path.join(cache, 'ac')))
    # another machine's checkout: the same cache, empty output folders
    shutil.rmtree(out)
    empty, _ = run(a.stemprint, recipes, cache, env)
    secs = a.songs * 7.0
    print('catalogue: %d songs x 7 s (mix + 4 stems each), -j 2, cache %s' % (a.songs, cache))
    print('  cold     %7.2f s   %5.0fx real time' % (cold, secs / cold))
    print('  warm     %7.2f s   %5.1f %% of cold   (files identical to the cold render: %s)'
          % (warm, 100 * warm / cold, 'yes' if same else 'NO'))
    print('  touched  %7.2f s   %5.1f %% of cold   (entries after: %d, one per song: %s)'
          % (touched, 100 * touched / cold, entries, 'yes' if entries == a.songs else 'NO'))
    print('  edited   %7.2f s   one more entry: %s' % (edited, 'yes' if entries_after == a.songs + 1
                                                      else 'NO (%d)' % entries_after))
    print('  empty    %7.2f s   %5.1f %% of cold   (warm into empty output folders: every file copied)'
          % (empty, 100 * empty / cold))
    print('target: warm <= 5 %% of cold: %s' % ('met' if warm <= 0.05 * cold else 'NOT met'))


if __name__ == '__main__':
    main()
