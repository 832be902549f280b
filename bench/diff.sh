#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# How fast `stemprint diff` compares two sets of prints, against reading both
# sets once. Run by hand on a quiet machine (bench/README.md), never in CI.
#
#   sh bench/diff.sh STEMPRINT WORK [RUNS]
#
# WORK gets three folders, a/, b/ and c/, each a 3-minute mix and 5 stems
# (48 kHz, stereo, 24-bit WAV, about 52 MB a file, 933 MB in all), made by
# Debian's /usr/bin/python3 with numpy and soundfile; b/ is a/ with the vocals
# stem 1 dB louder from 1:00 to 1:30, and the mix with it (one stem changed);
# c/ is a/ with every stem 1 dB louder for 30 s, each at its own time, and the
# mix with them (every print changed). They are kept between runs (delete WORK
# to make them again). Then, RUNS times (default 5) after one warm-up, side by
# side, each from a warm page cache:
#
#   diff      stemprint diff a b --expect-changed mix,vocals
#   diff-all  stemprint diff a c --expect-changed mix,drums,bass,keys,guitars,vocals
#   read      cat of the 12 files of a and b to /dev/null: every byte read
#             once (one that finds 4 of 6 pairs the same bytes reads them and
#             decodes nothing else)
#   loudness  stemprint loudness of the 12 files of a and b: every file
#             decoded and metered once (BS.1770, true peak), as diff must to
#             say each side's loudness: the floor (c's files are as long)
#
# and prints each one's median wall seconds and CPU seconds (user + sys, by GNU
# time at /usr/bin/time) and the medians of the run-by-run ratios to the floor
# (the target: diff <= 1.5x reading both sets once). On a loaded machine the
# wall figures drift with the load; the CPU ratios still hold (the line
# printed first is the machine's load average when the runs began).
set -eu
[ $# -ge 2 ] || { echo "usage: sh bench/diff.sh STEMPRINT WORK [RUNS]" >&2; exit 2; }
bin=$1
work=$2
runs=${3:-5}
mkdir -p "$work"
work=$(cd "$work" && pwd)

if [ ! -f "$work/c/mix.wav" ]; then
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
every = {}
for i, (name, x) in enumerate(stems.items()):
    y = x.copy()
    y[(20 + 25 * i) * rate:(50 + 25 * i) * rate] *= 10 ** (1 / 20)
    every[name] = y
for side, s in (("a", stems), ("b", changed), ("c", every)):
    os.makedirs(os.path.join(work, side), exist_ok=True)
    for name, x in s.items():
        sf.write(os.path.join(work, side, name + ".wav"), x, rate, subtype="PCM_24")
    sf.write(os.path.join(work, side, "mix.wav"), sum(s.values()), rate, subtype="PCM_24")
EOF
fi

files="$work/a/*.wav $work/b/*.wav"
[ -x /usr/bin/time ] || { echo "bench/diff.sh: needs GNU time at /usr/bin/time (Debian's time)" >&2; exit 2; }
# One run of the command: prints "WALL CPU" (seconds; CPU is user + sys of the
# command and its threads), the command's own output thrown away.
timed() {
  /usr/bin/time -f '%e %U %S' -o "$work/one.txt" "$@" >/dev/null
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$work/one.txt"
}
run_diff() { timed "$bin" diff "$work/a" "$work/b" --expect-changed mix,vocals; }
run_all() { timed "$bin" diff "$work/a" "$work/c" --expect-changed mix,drums,bass,keys,guitars,vocals; }
# shellcheck disable=SC2086 # $files is a list of globs, split on purpose
run_read() { timed cat $files; }
# shellcheck disable=SC2086
run_loudness() { timed "$bin" loudness $files; }

run_diff >/dev/null; run_all >/dev/null; run_read >/dev/null; run_loudness >/dev/null   # warm-up
echo "load average at the start: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)"
: > "$work/times.txt"
i=0
while [ $i -lt "$runs" ]; do
  echo "$(run_diff) $(run_read) $(run_loudness) $(run_all)" >> "$work/times.txt"
  i=$((i + 1))
done
awk '
  function median(a, k,   i, j, x) {
    for (i = 2; i <= k; i++) { x = a[i]; for (j = i - 1; j > 0 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
  }
  # each line: diff (wall cpu), read (wall cpu), loudness (wall cpu), diff-all (wall cpu)
  { d[NR] = $1; dc[NR] = $2; r[NR] = $3; rc[NR] = $4; l[NR] = $5; lc[NR] = $6; a[NR] = $7; ac[NR] = $8
    dl[NR] = $1 / $5; al[NR] = $7 / $5; dlc[NR] = $2 / $6; alc[NR] = $8 / $6 }
  END {
    printf "runs %d (medians)                wall s    CPU s\n", NR
    printf "diff a b (2 of 6 changed)      %7.3f  %7.3f\n", median(d, NR), median(dc, NR)
    printf "diff a c (6 of 6 changed)      %7.3f  %7.3f\n", median(a, NR), median(ac, NR)
    printf "loudness, 12 files (the floor) %7.3f  %7.3f\n", median(l, NR), median(lc, NR)
    printf "read (cat), 12 files           %7.3f  %7.3f\n", median(r, NR), median(rc, NR)
    printf "diff a b / floor               %6.2fx  %6.2fx (medians of the run-by-run ratios; target <= 1.5x)\n", median(dl, NR), median(dlc, NR)
    printf "diff a c / floor               %6.2fx  %6.2fx\n", median(al, NR), median(alc, NR)
  }' "$work/times.txt"
