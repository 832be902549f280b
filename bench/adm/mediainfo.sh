#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# stemprint's ADM masters through MediaArea's MediaInfo, an independent reader
# whose ADM parser checks BS.2076 and the Dolby Atmos Master ADM Profile, by
# hand (bench/adm/README.md, MediaInfo):
#
#   sh bench/adm/mediainfo.sh MEDIAINFOLIB_TREE WORKDIR FILE.wav...
#
# MEDIAINFOLIB_TREE: a checkout of github.com/MediaArea/MediaInfoLib (its
# profile checks arrived in 2024: Debian 12's mediainfo 23.04 has none). It is
# built once into WORKDIR (Debian's libzen-dev, zlib1g-dev, libcurl4-openssl-dev
# and g++; about 25 minutes on 2 cores), then each file's conformance lines are
# printed.
set -eu
[ $# -ge 3 ] || { echo "usage: sh bench/adm/mediainfo.sh MEDIAINFOLIB_TREE WORKDIR FILE.wav..." >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
tree=$(cd "$1" && pwd)
work=$2
shift 2
mkdir -p "$work/cm"
if [ ! -x "$work/mediainfo-adm" ]; then
  # Debian's libzen-dev has no CMake package: a two-line one
  printf 'set(ZenLib_FOUND TRUE)\nset(ZenLib_LIBRARY zen pthread)\nadd_definitions(-DUNICODE)\n' \
    >"$work/cm/ZenLibConfig.cmake"
  cmake -S "$tree/Project/CMake" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_SHARED_LIBS=OFF -DZenLib_DIR="$work/cm" -DCMAKE_CXX_FLAGS="-O1 -w" >/dev/null
  make -C "$work/build" -j "$(nproc)" mediainfo >/dev/null
  g++ -O1 -DUNICODE -I"$tree/Source" "$here/mediainfo_adm.cpp" "$work/build/libmediainfo.a" \
    -lzen -lcurl -lz -lpthread -ldl -o "$work/mediainfo-adm"
fi
for f in "$@"; do
  echo "== $f"
  "$work/mediainfo-adm" "$f" | sed -n '/^Conformance/,/^$/p'
done
