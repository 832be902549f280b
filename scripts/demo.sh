#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install what is missing, build stemprint and render the demo song.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DSP_TESTS=OFF >/dev/null
cmake --build build-release -j "$(nproc)" >/dev/null
./build-release/stemprint render recipes/demo/song.yaml
echo "The mix, the stems, the versions and the cue mix are in recipes/demo/out/song/;"
echo "the stems nulled against the mix, and the instrumental and TV mix with the stems"
echo "they leave out (see the null test lines above). Try: ./build-release/stemprint --help"
