#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# How fast `stemprint diff` compares two sets of prints, against reading both
# sets once. Run by hand on a quiet machine (bench/README.md), never in CI.
#
#   sh bench/diff.sh STEMPRINT WORK [RUNS]
#
# WORK gets two folders, a/ and b/, each a 3-minute mix and 5 stems (48 kHz,
# stereo, 24-bit WAV, about 52 MB a file, 622 MB in all), made by Debian's
# /usr/bin/python3 with numpy and soundfile; b/ is a/ with the vocals stem 1 dB
# louder from 1:00 to 1:30, and the mix with it. It is kept between runs (delete
# it to make it again). Then, RUNS times (default 5) after one warm-up, side by
# side, each from a warm page cache:
#
#   diff      stemprint diff a b --expect-changed mix,vocals
#   read      cat of the 12 files to /dev/null: every byte read once, the
#             floor of any diff (one that finds 5 of 6 pairs the same bytes
#             reads them and decodes nothing else)
#   loudness  stemprint loudness of the 12 files: every file decoded and
#             metered once (BS.1770, true peak), for scale
#
# and prints each one's median wall seconds and the medians of the run-by-run
# ratios diff/read and diff/loudness (the target: diff <= 1.5x reading both
# sets once).
set -eu
[ $# -ge 2 ] || { echo "usage: sh bench/diff.sh STEMPRINT WORK [RUNS]" >&2; exit 2; }
bin=$1
work=$2
runs=${3:-5}
mkdir -p "$work"
work=$(cd "$work" && pwd)

if [ ! -f "$work/b/mix.wav" ]; then
  /usr/bin/python3 - "$work" <<'EOF'
import os, sys
import numpy as np
import soundfile as sf

work = sys.argv[1]
rate, secs = 48000, 180
n = rate * secs
t = np.arange(n) / rate
rng = np.random.default_rng(74)

def tone(freqs, level):
    x = np.zeros((n, 2))
    for i, f in enumerate(freqs):
        env = 0.5 + 0.5 * np.sin(2 * np.pi * (0.25 + 0.05 * i) * t)
        x[:, 0] += np.sin(2 * np.pi * f * t) * env
        x[:, 1] += np.sin(2 * np.pi * f * 1.003 * t + i) * env
    return x * level / len(freqs)

def noise(level, smooth):
    x = rng.standard_normal((n, 2))
    k = np.ones(smooth) / smooth
    x[:, 0] = np.convolve(x[:, 0], k, mode="same")
    x[:, 1] = np.convolve(x[:, 1], k, mode="same")
    return x * level / np.max(np.abs(x))

stems = {
    "drums": noise(0.25, 2) * (np.sin(2 * np.pi * 2 * t) > 0.6)[:, None],
    "bass": tone([55, 82.5, 110], 0.3),
    "keys": tone([261.6, 329.6, 392, 523.3], 0.2),
    "guitars": noise(0.15, 8) + tone([196, 293.7], 0.1),
    "vocals": tone([440, 660, 880, 1320], 0.2) + noise(0.02, 1),
}
changed = dict(stems)
v = changed["vocals"].copy()
v[60 * rate:90 * rate] *= 10 ** (1 / 20)
changed["vocals"] = v
for side, s in (("a", stems), ("b", changed)):
    os.makedirs(os.path.join(work, side), exist_ok=True)
    for name, x in s.items():
        sf.write(os.path.join(work, side, name + ".wav"), x, rate, subtype="PCM_24")
    sf.write(os.path.join(work, side, "mix.wav"), sum(s.values()), rate, subtype="PCM_24")
EOF
fi

files="$work/a/*.wav $work/b/*.wav"
run_diff() { "$bin" diff "$work/a" "$work/b" --expect-changed mix,vocals >/dev/null; }
run_read() { cat $files >/dev/null; }
run_loudness() { "$bin" loudness $files >/dev/null; }
wall() { # seconds of one run of the function $1
  s=$(date +%s.%N); "$1"; e=$(date +%s.%N)
  echo "$s $e" | awk '{ printf "%.3f\n", $2 - $1 }'
}

run_diff; run_read; run_loudness   # warm-up: the page cache, the binary
: > "$work/times.txt"
i=0
while [ $i -lt "$runs" ]; do
  echo "$(wall run_diff) $(wall run_read) $(wall run_loudness)" >> "$work/times.txt"
  i=$((i + 1))
done
awk '
  function median(a, k,   i, j, x) {
    for (i = 2; i <= k; i++) { x = a[i]; for (j = i - 1; j > 0 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
  }
  { d[NR] = $1; r[NR] = $2; l[NR] = $3; dr[NR] = $1 / $2; dl[NR] = $1 / $3 }
  END {
    printf "runs %d (wall seconds, medians)\n", NR
    printf "diff a b          %6.3f s\n", median(d, NR)
    printf "read (cat)        %6.3f s\n", median(r, NR)
    printf "loudness, 12 files %5.3f s\n", median(l, NR)
    printf "diff / read       %6.2fx (median of the run-by-run ratios; target <= 1.5x)\n", median(dr, NR)
    printf "diff / loudness   %6.2fx\n", median(dl, NR)
  }' "$work/times.txt"
