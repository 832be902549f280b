#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# By hand, not in CI: build stemprint for aarch64 (GCC's cross compiler and
# Debian's arm64 libraries, multiarch), render the demo and a recipe with
# resampling and FLAC under qemu-aarch64, one thread, and compare the bytes
# with this machine's render. Adds the arm64 architecture to dpkg and
# installs packages: run it on a machine of your own, as root.
#
#   sh scripts/crossarch.sh
#
# The arm64 libraries are the ones the build names: every pkg-config module
# CMakeLists.txt asks for (pkg_check_modules), mapped to the Debian package
# that ships its .pc file on this machine (scripts/deps.sh installed the
# native ones), installed for arm64 when it is Multi-Arch: same (the native
# package serves otherwise). A library added to the build reaches this
# script without an edit.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
dpkg --print-foreign-architectures | grep -q arm64 || { dpkg --add-architecture arm64; apt-get update -qq; }
libs=""
for m in $(sed -n 's/^pkg_check_modules([A-Z0-9_]* REQUIRED IMPORTED_TARGET \([^ )]*\)).*/\1/p' CMakeLists.txt); do
  pc="$(pkg-config --variable=pcfiledir "$m")/$m.pc"
  pkg=$(dpkg -S "$pc" 2>/dev/null | head -n 1 | cut -d: -f1)
  [ -n "$pkg" ] || { echo "crossarch.sh: no installed package ships $pc (pkg-config module $m)" >&2; exit 1; }
  if [ "$(dpkg-query -W -f='${Multi-Arch}\n' "$pkg" | head -n 1)" = same ]; then
    libs="$libs $pkg:arm64"
  fi
done
echo "crossarch.sh: the build's libraries for arm64:$libs" >&2
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user $libs >/dev/null
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DSP_TESTS=OFF >/dev/null
cmake --build build-release -j "$(nproc)" >/dev/null
PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig \
  cmake -S . -B build-arm64 -DCMAKE_C_COMPILER=aarch64-linux-gnu-gcc -DCMAKE_SYSTEM_NAME=Linux \
  -DCMAKE_SYSTEM_PROCESSOR=aarch64 -DCMAKE_BUILD_TYPE=Release -DSP_TESTS=OFF >/dev/null
cmake --build build-arm64 -j "$(nproc)" --target stemprint >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 - "$work" <<'PY'
import sys, numpy as np, soundfile as sf
d = sys.argv[1]
t = np.arange(2 * 44100) / 44100
sf.write(d + '/a44.wav', (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), 44100, subtype='PCM_24')
n = np.random.RandomState(9).randn(11025) * np.exp(-np.arange(11025) / 2000) * 0.1
sf.write(d + '/ir44.wav', n.astype(np.float32), 44100, subtype='FLOAT')
open(d + '/r.yaml', 'w').write(
    "stemprint: 1\ntracks:\n  a: {file: a44.wav, from: 0.3 s, gain: -6 dB, sends: [{to: v}]}\n"
    "buses:\n  v: {inserts: [{convolver: {ir: ir44.wav}}]}\nstems: {dry: [a]}\noutput: {format: flac}\n")
PY
status=0
for recipe in recipes/demo/song.yaml "$work/r.yaml"; do
  ./build-release/stemprint render "$recipe" -o "$work/x86" -q -j 1
  qemu-aarch64 -L / ./build-arm64/stemprint render "$recipe" -o "$work/arm" -q -j 1
  for f in "$work"/x86/*.*; do
    b=$(basename "$f")
    if cmp -s "$f" "$work/arm/$b"; then echo "same    $b"; else echo "DIFFERS $b"; status=1; fi
  done
  rm -rf "$work/x86" "$work/arm"
done
exit $status
